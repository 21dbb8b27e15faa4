import { envVars } from '../env-vars';
import { isRunning, processWide } from '@perflens/supervisor';
import { createTestDatabase } from './create-database';
import { startPostgres } from './start-postgres';

/** A database of its own in a cluster shared with other tests. */
export interface SharedDatabase {
  connectionString: string;
}

interface WorkerCluster {
  adminUrl?: Promise<string>;
  pid?: number;
}

/**
 * Returns a fresh database (with pg_stat_statements and hypopg) in the PostgreSQL cluster shared by the
 * whole jest run, whose superuser URL jest's global setup put in $PERFLENS_SHARED_POSTGRES_URL. Without it
 * (a workspace's tests run alone) one cluster is started per worker process and reused by the test files
 * that worker runs; the exit hook stops it when the worker ends. initdb costs seconds, a database
 * milliseconds, so tests that only need isolation should use this rather than startPostgres().
 */
export async function sharedPostgres(): Promise<SharedDatabase> {
  const adminUrl = process.env[envVars.sharedPostgresUrl] ?? (await workerCluster());
  return { connectionString: await createTestDatabase(adminUrl) };
}

async function workerCluster(): Promise<string> {
  // Per worker process rather than per test file (see processWide in the supervisor), so files of one
  // worker share it.
  const state = processWide<WorkerCluster>('worker-postgres', () => ({}));
  if (state.pid !== undefined && !isRunning(state.pid)) {
    state.adminUrl = undefined;
    state.pid = undefined;
  }
  state.adminUrl ??= startPostgres().then(
    (cluster) => {
      state.pid = cluster.pid;
      return cluster.connectionString();
    },
    (error: unknown) => {
      state.adminUrl = undefined;
      throw error;
    },
  );
  return state.adminUrl;
}

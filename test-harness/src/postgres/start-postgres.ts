import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../process/free-port';
import { ManagedProcess } from '../process/managed-process';
import { createTempDir, type TempDir } from '../process/temp-dir';
import { waitUntilReady, withPortRetry } from '../process/wait-until-ready';
import { createTestDatabase, withDatabase } from './create-database';
import { initCluster, postgresBinaries } from './init-cluster';
import { postgresRunAs, type SystemUser } from './postgres-user';

/** Options for {@link startPostgres}. */
export interface StartPostgresOptions {
  /** Extra postgresql.conf settings; they override the harness defaults. */
  settings?: Record<string, string>;
  /** Folder with initdb and postgres; defaults to $PERFLENS_POSTGRES_BIN_DIR, then /usr/lib/postgresql/15/bin. */
  binDir?: string;
  /** How long to wait for the server to accept connections (default 30 s). */
  startupTimeoutMs?: number;
}

/** A running throw-away PostgreSQL cluster. */
export interface PostgresInstance {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Postmaster pid while the server runs; undefined while paused or after stop(). */
  readonly pid: number | undefined;
  /** Superuser connection string for `database`. */
  connectionString(database?: string): string;
  /** Creates a database with pg_stat_statements and hypopg installed; returns its connection string. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server but keeps its data, to test an outage; resume() brings it back on the same port. */
  pause(): Promise<void>;
  /** Starts a paused server again with the same data directory and port. */
  resume(): Promise<void>;
  /** Fast shutdown (SIGINT, SIGKILL after 10 s), then removes the data. Idempotent. */
  stop(): Promise<void>;
}

const host = '127.0.0.1';

/**
 * Creates a PostgreSQL 15 cluster in a temporary folder and starts `postgres` on a free port as a direct
 * child (not through pg_ctl, so the harness owns the pid and can always kill it).
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresInstance> {
  const binaries = postgresBinaries(options.binDir);
  const dir = createTempDir('postgres');
  try {
    const user = postgresRunAs(dir.path);
    const dataDir = path.join(dir.path, 'data');
    await initCluster({
      initdb: binaries.initdb,
      dataDir,
      socketDir: dir.path,
      user,
      settings: options.settings ?? {},
    });
    const launch = (port: number) =>
      launchServer({
        postgres: binaries.postgres,
        dataDir,
        port,
        user,
        timeoutMs: options.startupTimeoutMs ?? 30_000,
      });
    const server = await withPortRetry(freePort, launch);
    return new PostgresCluster(dir, dataDir, server.port, server.process, launch);
  } catch (error) {
    dir.remove();
    throw error;
  }
}

interface LaunchedServer {
  port: number;
  process: ManagedProcess;
}

class PostgresCluster implements PostgresInstance {
  readonly host = host;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly dir: TempDir,
    readonly dataDir: string,
    readonly port: number,
    private server: ManagedProcess | undefined,
    private readonly launch: (port: number) => Promise<LaunchedServer>,
  ) {}

  get pid(): number | undefined {
    return this.server?.running ? this.server.pid : undefined;
  }

  connectionString(database = 'postgres'): string {
    return postgresUrl(this.port, database);
  }

  createDatabase(name?: string): Promise<string> {
    return createTestDatabase(this.connectionString(), name);
  }

  async pause(): Promise<void> {
    this.assertNotStopped('pause');
    await this.server?.stop();
    this.server = undefined;
  }

  async resume(): Promise<void> {
    this.assertNotStopped('resume');
    if (this.server?.running) return;
    this.server = (await this.launch(this.port)).process;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.server?.stop();
      } finally {
        this.dir.remove();
      }
    })();
    return this.stopping;
  }

  private assertNotStopped(action: string): void {
    if (this.stopping) throw new Error(`cannot ${action} PostgreSQL on port ${this.port}: it was stopped`);
  }
}

async function launchServer(options: {
  postgres: string;
  dataDir: string;
  port: number;
  user: SystemUser | undefined;
  timeoutMs: number;
}): Promise<LaunchedServer> {
  const server = await ManagedProcess.start({
    label: 'postgres',
    command: options.postgres,
    args: ['-D', options.dataDir, '-p', String(options.port)],
    cwd: options.dataDir,
    user: options.user,
    // SIGINT is PostgreSQL's fast shutdown; SIGQUIT its immediate shutdown, which still removes the
    // shared memory segment that SIGKILL would leave behind (docs 19.5, "Shutting Down the Server").
    stopSignal: 'SIGINT',
    emergencySignal: 'SIGQUIT',
  });
  await waitUntilReady(server, () => acceptsConnections(postgresUrl(options.port, 'postgres')), {
    timeoutMs: options.timeoutMs,
  });
  return { port: options.port, process: server };
}

function postgresUrl(port: number, database: string): string {
  return withDatabase(`postgres://postgres@${host}:${port}/postgres`, database);
}

/** True once `SELECT 1` succeeds; "starting up" and refused connections both count as not yet. */
async function acceptsConnections(connectionString: string): Promise<boolean> {
  const client = new Client({ connectionString, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  let connected = false;
  try {
    await client.connect();
    connected = true;
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    if (connected) await client.end().catch(() => undefined);
  }
}

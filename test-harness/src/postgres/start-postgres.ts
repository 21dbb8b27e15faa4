import { type PostgresServer, startPostgresServer } from '@perflens/supervisor';
import { createTestDatabase } from './create-database';

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
export interface PostgresInstance extends PostgresServer {
  /** Creates a database with pg_stat_statements and hypopg installed; returns its connection string. */
  createDatabase(name?: string): Promise<string>;
}

/**
 * Creates a non-durable PostgreSQL 15 cluster in a temporary folder and starts it on a free port (the
 * supervisor's startPostgresServer); stop() removes the folder.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresInstance> {
  const server = await startPostgresServer({
    settings: options.settings,
    binDir: options.binDir,
    startupTimeoutMs: options.startupTimeoutMs,
  });
  return Object.assign(server, {
    createDatabase: (name?: string) => createTestDatabase(server.connectionString(), name),
  });
}

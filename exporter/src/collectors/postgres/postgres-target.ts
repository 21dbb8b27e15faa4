import { Client } from 'pg';
import type { Logger } from 'pino';
import { databaseOfDsn, redactDsn, redactSecrets } from '@perflens/advisor';
import type { PostgresSnapshot, ServerSnapshot, StatementStats } from './postgres-snapshot';
import { SERVER_SNAPSHOT_SQL } from './server-snapshot-query';
import { statementsSql } from './statements-query';

export interface PostgresTargetOptions {
  dsn: string;
  timeoutMs: number;
  /** Tables and indexes exported per database, largest first. */
  relationsLimit: number;
  /** pg_stat_statements entries exported per database, by total execution time. */
  statementsLimit: number;
  logger: Logger;
}

/**
 * One monitored database. It keeps a single connection open between scrapes (a connection per scrape
 * costs a backend fork each time; postgres_exporter pays that, PgHero does not) and drops it on any
 * error, timeout or server restart, so the next scrape reconnects by itself. Server-side timeouts
 * (statement_timeout, lock_timeout) mirror the collector timeout so an abandoned query does not keep
 * running, or waiting for a lock, on the server.
 */
export class PostgresTarget {
  readonly datname: string;
  private client: Client | undefined;
  private statementsAvailable: boolean | undefined;
  private wasDown = false;

  constructor(private readonly options: PostgresTargetOptions) {
    this.datname = databaseOfDsn(options.dsn);
  }

  /** Reads one snapshot. A failure rejects with a message free of secrets, logged once per failure streak. */
  async read(signal: AbortSignal): Promise<PostgresSnapshot> {
    const onAbort = () => void this.disconnect();
    signal.addEventListener('abort', onAbort);
    try {
      const client = await this.connect();
      const result = await client.query<{ snapshot: ServerSnapshot }>(SERVER_SNAPSHOT_SQL, [
        this.options.relationsLimit,
      ]);
      const server = result.rows[0]!.snapshot;
      const statements = await this.readStatements(client, server);
      if (this.wasDown) this.options.logger.info({ datname: this.datname }, 'PostgreSQL is reachable again');
      this.wasDown = false;
      return { datname: this.datname, up: true, server, statements };
    } catch (error) {
      this.disconnect();
      if (!this.wasDown) {
        this.options.logger.warn(
          { datname: this.datname, dsn: redactDsn(this.options.dsn), err: this.safeError(error, signal) },
          'PostgreSQL scrape failed; pg_up is 0 until it succeeds again',
        );
      }
      this.wasDown = true;
      throw new Error(this.safeError(error, signal));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    await this.disconnect();
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.options.dsn,
      application_name: 'perflens-exporter',
      connectionTimeoutMillis: this.options.timeoutMs,
      statement_timeout: this.options.timeoutMs,
      lock_timeout: this.options.timeoutMs,
    });
    // An idle connection that the server closes (restart, failover) emits 'error'; without a listener
    // that would crash the process. Forget the client; the next scrape reconnects.
    client.on('error', () => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
    });
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      if (this.client === client) this.client = undefined;
      throw error;
    }
    return client;
  }

  private disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    return client ? client.end().catch(() => undefined) : Promise.resolve();
  }

  /** Top statements, or undefined when pg_stat_statements is not installed or not preloaded. */
  private async readStatements(
    client: Client,
    server: ServerSnapshot,
  ): Promise<StatementStats[] | undefined> {
    let statements: StatementStats[] | undefined;
    let reason =
      'the pg_stat_statements extension is not installed in this database (CREATE EXTENSION pg_stat_statements)';
    if (server.statements_schema !== null) {
      try {
        const sql = statementsSql(
          client.escapeIdentifier(server.statements_schema),
          server.server_version_num,
        );
        statements = (await client.query<StatementStats>(sql, [this.options.statementsLimit])).rows;
      } catch (error) {
        // Typically: pg_stat_statements must be loaded via "shared_preload_libraries".
        reason = (error as Error).message;
      }
    }
    const available = statements !== undefined;
    if (available !== this.statementsAvailable) {
      if (!available) {
        this.options.logger.warn(
          { datname: this.datname, reason },
          'pg_stat_statements is not available; per-statement metrics are off for this database, the others continue',
        );
      } else if (this.statementsAvailable === false) {
        this.options.logger.info({ datname: this.datname }, 'pg_stat_statements is available again');
      }
      this.statementsAvailable = available;
    }
    return statements;
  }

  private safeError(error: unknown, signal: AbortSignal): string {
    const raw = signal.aborted
      ? (signal.reason as Error).message
      : error instanceof Error
        ? error.message
        : String(error);
    return redactSecrets(raw, this.options.dsn);
  }
}

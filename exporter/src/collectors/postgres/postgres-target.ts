import { Client } from 'pg';
import type { Logger } from 'pino';
import { databaseOfDsn, redactDsn, redactSecrets } from '@perflens/advisor';
import { markPerflensQueries } from '@perflens/conventions';
import { COLLECTOR_QUERIES, type CollectorQuery } from './collector-queries';
import {
  downSnapshot,
  type PostgresSnapshot,
  type ServerInfo,
  type SessionStats,
  type StatementStats,
  type StatementText,
} from './postgres-snapshot';
import { QueryBudget, type QueryTimeouts } from './query-budget';
import { foldSessions } from './session-fold';
import { StatementTextCache } from './statement-text-cache';
import { statementsSql } from './statements-query';

/** Statements read beyond statementsLimit, so that leaving Perflens's own out still exports the limit. */
const OWN_STATEMENTS_ROOM = 10;

export interface PostgresTargetOptions {
  dsn: string;
  /** Budget of one scrape of this database: connecting, SELECT 1 and every collector query in turn. */
  timeoutMs: number;
  /** statement_timeout of each collector query (cut to what is left of the budget). */
  statementTimeoutMs: number;
  /** lock_timeout of each collector query: how long a query may wait for a lock another session holds. */
  lockTimeoutMs: number;
  /** Tables and indexes exported per database, largest first. */
  relationsLimit: number;
  /** pg_stat_statements entries exported per database, by total execution time. */
  statementsLimit: number;
  /** Lock-wait and idle-in-transaction groups exported per database before the rest fold into __overflow__. */
  sessionsLimit: number;
  /** Whether to export perflens_pg_statement_info (normalized SQL text of the exported statements). */
  statementText: boolean;
  logger: Logger;
}

/** How much longer than its statement_timeout a query may go unanswered before the connection is dropped. */
const NO_ANSWER_GRACE_MS = 1000;

/** SQLSTATEs of a query PostgreSQL cancelled on a timeout: query_canceled, lock_not_available. */
const TIMEOUT_CODES = new Set(['57014', '55P03']);

/**
 * One monitored database. It keeps a single connection open between scrapes (a connection per scrape
 * costs a backend fork each time; postgres_exporter pays that, PgHero does not) and drops it on a
 * connection error, so the next scrape reconnects by itself.
 *
 * A scrape is `SELECT 1` (pg_up), then one query per collector, each with its own statement_timeout and
 * lock_timeout: a migration that holds ACCESS EXCLUSIVE on a table makes the query that needs that
 * table's lock fail after lock_timeout, while pg_up and the other collectors report as usual. Only a
 * connection that cannot be opened or does not answer SELECT 1 is a down database.
 */
export class PostgresTarget {
  readonly datname: string;
  private client: Client | undefined;
  /** The session's statement_timeout and lock_timeout as last set, to skip setting them again. */
  private sessionTimeouts: QueryTimeouts | undefined;
  private statementsAvailable: boolean | undefined;
  private wasDown = false;
  /** Collector queries in a failure streak, so each streak is logged once. */
  private readonly failing = new Set<string>();
  private readonly statementTexts = new StatementTextCache();

  constructor(private readonly options: PostgresTargetOptions) {
    this.datname = databaseOfDsn(options.dsn);
  }

  /** Reads one snapshot. A down database rejects with a message free of secrets, logged once per outage. */
  async read(signal: AbortSignal): Promise<PostgresSnapshot> {
    const onAbort = () => void this.disconnect();
    signal.addEventListener('abort', onAbort);
    try {
      const budget = new QueryBudget(this.options.timeoutMs, {
        statementMs: this.options.statementTimeoutMs,
        lockMs: this.options.lockTimeoutMs,
      });
      await this.probe(budget, signal);
      const snapshot: PostgresSnapshot = { ...downSnapshot(this.datname), up: true };
      for (const query of COLLECTOR_QUERIES) {
        const value = await this.collect(snapshot, query.name, budget, (client) =>
          this.runQuery(client, query),
        );
        // Each query fills the snapshot field of its name; the SQL shapes match postgres-snapshot.ts.
        Object.assign(snapshot, {
          [query.name]:
            query.name === 'sessions' && value
              ? foldSessions(value as SessionStats, this.options.sessionsLimit)
              : (value ?? undefined),
        });
      }
      snapshot.statements = await this.collect(snapshot, 'statements', budget, (client) =>
        this.readStatements(client, snapshot),
      );
      snapshot.statementsAvailable = this.statementsAvailable;
      if (this.options.statementText && snapshot.statementsAvailable) {
        snapshot.statementTexts = await this.collect(snapshot, 'statement_text', budget, (client) =>
          this.readStatementTexts(client, snapshot),
        );
      }
      return snapshot;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    await this.disconnect();
  }

  /** Connects if needed and runs SELECT 1; any failure is a down database for this scrape. */
  private async probe(budget: QueryBudget, signal: AbortSignal): Promise<void> {
    try {
      const timeouts = budget.next() ?? {
        statementMs: QueryBudget.MIN_QUERY_MS,
        lockMs: QueryBudget.MIN_QUERY_MS,
      };
      const client = await this.connect();
      await this.withTimeouts(client, timeouts, () => client.query('SELECT 1'));
      if (this.wasDown) this.options.logger.info({ datname: this.datname }, 'PostgreSQL is reachable again');
      this.wasDown = false;
    } catch (error) {
      void this.disconnect();
      if (!this.wasDown) {
        this.options.logger.warn(
          { datname: this.datname, dsn: redactDsn(this.options.dsn), err: this.safeError(error, signal) },
          'PostgreSQL scrape failed; pg_up is 0 until it succeeds again',
        );
      }
      this.wasDown = true;
      throw new Error(this.safeError(error, signal));
    }
  }

  /**
   * Runs one collector's read within the budget and records its outcome. A failure (an error, a timeout,
   * a spent budget, a connection dropped by an earlier query) resolves to undefined: this collector's
   * metrics are missing from this scrape, the others are not.
   */
  private async collect<T>(
    snapshot: PostgresSnapshot,
    name: string,
    budget: QueryBudget,
    read: (client: Client) => Promise<T>,
  ): Promise<T | undefined> {
    const collector = `postgres/${this.datname}/${name}`;
    const started = performance.now();
    const finish = (ok: boolean, reason?: string) => {
      snapshot.queries.push({ collector, ok, durationSeconds: (performance.now() - started) / 1000 });
      this.logStreak(collector, ok, reason);
    };
    const timeouts = budget.next();
    const client = this.client;
    if (!timeouts || !client) {
      finish(
        false,
        !timeouts
          ? `skipped: the scrape's budget of ${this.options.timeoutMs} ms was spent by earlier queries`
          : 'skipped: the connection was dropped by an earlier query that did not answer',
      );
      return undefined;
    }
    try {
      const value = await this.withTimeouts(client, timeouts, () => read(client));
      finish(true);
      return value;
    } catch (error) {
      finish(false, redactSecrets(error instanceof Error ? error.message : String(error), this.options.dsn));
      return undefined;
    }
  }

  /**
   * Runs `run` with the session's statement_timeout and lock_timeout set to `timeouts`. PostgreSQL
   * enforces them; a client-side guard drops a connection that stays silent past statement_timeout
   * (a network hang, which no server-side timeout sees).
   */
  private async withTimeouts<T>(client: Client, timeouts: QueryTimeouts, run: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const guardMs = timeouts.statementMs + NO_ANSWER_GRACE_MS;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`PostgreSQL did not answer within ${guardMs} ms; the connection was dropped`));
        void this.disconnect();
      }, guardMs);
    });
    try {
      return await Promise.race([
        (async () => {
          const current = this.sessionTimeouts;
          if (current?.statementMs !== timeouts.statementMs || current.lockMs !== timeouts.lockMs) {
            await client.query(
              "SELECT set_config('statement_timeout', $1, false), set_config('lock_timeout', $2, false)",
              [`${timeouts.statementMs}ms`, `${timeouts.lockMs}ms`],
            );
            this.sessionTimeouts = timeouts;
          }
          return run();
        })(),
        guard,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async runQuery(client: Client, query: CollectorQuery): Promise<unknown> {
    const params = query.takesRelationsLimit ? [this.options.relationsLimit] : [];
    const result = await client.query<{ value: unknown }>(query.sql, params);
    return result.rows[0]?.value ?? null;
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    // Marked, so that its scrapes are not taken for the service's statements (conventions/query-marker.ts).
    const client = markPerflensQueries(
      new Client({
        connectionString: this.options.dsn,
        application_name: 'perflens-exporter',
        connectionTimeoutMillis: this.options.timeoutMs,
      }),
    );
    // An idle connection that the server closes (restart, failover) emits 'error'; without a listener
    // that would crash the process. Forget the client; the next scrape reconnects.
    client.on('error', () => {
      if (this.client === client) this.forget();
      void client.end().catch(() => undefined);
    });
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      if (this.client === client) this.forget();
      throw error;
    }
    return client;
  }

  private forget(): void {
    this.client = undefined;
    this.sessionTimeouts = undefined;
  }

  private disconnect(): Promise<void> {
    const client = this.client;
    this.forget();
    return client ? client.end().catch(() => undefined) : Promise.resolve();
  }

  /**
   * Top statements, or undefined when pg_stat_statements is not installed or not preloaded (a state,
   * logged once, not a failure). A timeout or a missing `server` query is a failure: it throws.
   */
  private async readStatements(
    client: Client,
    snapshot: PostgresSnapshot,
  ): Promise<StatementStats[] | undefined> {
    const server: ServerInfo | undefined = snapshot.server;
    if (!server) throw new Error('skipped: needs the server query (version, extension schema), which failed');
    let statements: StatementStats[] | undefined;
    let reason =
      'the pg_stat_statements extension is not installed in this database (CREATE EXTENSION pg_stat_statements)';
    if (server.statements_schema !== null) {
      try {
        const sql = statementsSql(
          client.escapeIdentifier(server.statements_schema),
          server.server_version_num,
        );
        const limit = this.options.statementsLimit;
        const top = (await client.query<StatementStats>(sql, [limit + OWN_STATEMENTS_ROOM])).rows;
        statements = (await this.withoutOwnStatements(client, server.statements_schema, top)).slice(0, limit);
      } catch (error) {
        if (TIMEOUT_CODES.has((error as { code?: string }).code ?? '')) throw error;
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

  /**
   * The statements that are not Perflens's own: the exporter's scrapes and the advisor's catalog reads
   * run in the database they watch (conventions/query-marker.ts). Their texts are read once per queryid
   * (StatementTextCache); when that read fails, nothing is left out rather than every statement.
   */
  private async withoutOwnStatements(
    client: Client,
    schema: string,
    statements: StatementStats[],
  ): Promise<StatementStats[]> {
    try {
      const own = await this.statementTexts.ownStatements(
        client,
        schema,
        statements.map((st) => st.queryid),
      );
      return statements.filter((st) => !own.has(st.queryid));
    } catch (error) {
      if (TIMEOUT_CODES.has((error as { code?: string }).code ?? '')) throw error;
      return statements;
    }
  }

  /**
   * Normalized texts of the statements this scrape exports: the top statements and the waiting,
   * holding and idle-in-transaction statements. Texts that are not plain DML or could hold a literal
   * value are left out (statement-text.ts).
   */
  private async readStatementTexts(client: Client, snapshot: PostgresSnapshot): Promise<StatementText[]> {
    const schema = snapshot.server?.statements_schema;
    if (!schema) throw new Error('skipped: needs the server query (extension schema), which failed');
    const ids = (snapshot.statements ?? []).map((st) => st.queryid);
    for (const g of snapshot.sessions?.lockWaits ?? []) ids.push(g.waiting_queryid, g.holding_queryid);
    for (const g of snapshot.sessions?.idleInTransaction ?? []) ids.push(g.queryid);
    return this.statementTexts.read(client, schema, ids);
  }

  private logStreak(collector: string, ok: boolean, reason: string | undefined): void {
    if (!ok && !this.failing.has(collector)) {
      this.failing.add(collector);
      this.options.logger.warn(
        { datname: this.datname, collector, reason },
        'PostgreSQL collector query failed; its metrics are missing until it succeeds (pg_up is not affected)',
      );
    } else if (ok && this.failing.delete(collector)) {
      this.options.logger.info(
        { datname: this.datname, collector },
        'PostgreSQL collector query succeeds again',
      );
    }
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

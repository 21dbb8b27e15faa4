import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { registerScrapeMetrics } from '../scrape-metric';
import { ScrapeSnapshot } from '../scrape-snapshot';
import { postgresMetrics } from './postgres-metrics';
import { downSnapshot, type PostgresSnapshot } from './postgres-snapshot';
import { PostgresTarget } from './postgres-target';

/** Per-query limits when the caller sets none: postgres_exporter-like short waits, inside a 5 s scrape. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 4000;
export const DEFAULT_LOCK_TIMEOUT_MS = 2000;
/** Lock-wait and idle-in-transaction groups per database before the rest fold into __overflow__. */
export const DEFAULT_SESSIONS_LIMIT = 10;

/** Extra time the whole-database backstop allows past the budget, for the client-side no-answer guard. */
const BACKSTOP_GRACE_MS = 2000;

export interface PostgresCollectorOptions {
  /** One DSN per monitored database; each reports under its own datname. */
  dsns: readonly string[];
  /** Budget of one scrape of one database (connect, SELECT 1, every collector query in turn). */
  timeoutMs: number;
  /** statement_timeout of each collector query; default 4 s, never more than timeoutMs. */
  statementTimeoutMs?: number;
  /** lock_timeout of each collector query; default 2 s, never more than the statement timeout. */
  lockTimeoutMs?: number;
  relationsLimit: number;
  statementsLimit: number;
  /** Lock-wait and idle-in-transaction groups exported per database (top N by wait); default 10. */
  sessionsLimit?: number;
  /** Export perflens_pg_statement_info, the normalized SQL of exported statements; default true. */
  statementText?: boolean;
  logger: Logger;
}

export interface PostgresCollector {
  snapshots: ScrapeSnapshot<PostgresSnapshot>[];
  close(): Promise<void>;
}

/**
 * Registers the PostgreSQL server-statistics metrics for every configured database. Each database is a
 * collector (`postgres/<datname>`) that fails only when it cannot connect or SELECT 1 does not answer:
 * then its pg_up is 0. Each query inside it is a collector of its own (`postgres/<datname>/<query>`,
 * reported by registerCollectorStatusMetrics from the snapshot's `queries`), so a query that times out
 * or waits too long for a lock costs that query's metrics, never pg_up.
 */
export function registerPostgresCollector(
  registry: Registry,
  options: PostgresCollectorOptions,
): PostgresCollector {
  const statementTimeoutMs = Math.min(
    options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    options.timeoutMs,
  );
  const lockTimeoutMs = Math.min(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, statementTimeoutMs);
  const targets = options.dsns.map(
    (dsn) =>
      new PostgresTarget({
        dsn,
        timeoutMs: options.timeoutMs,
        statementTimeoutMs,
        lockTimeoutMs,
        relationsLimit: options.relationsLimit,
        statementsLimit: options.statementsLimit,
        sessionsLimit: options.sessionsLimit ?? DEFAULT_SESSIONS_LIMIT,
        statementText: options.statementText ?? true,
        logger: options.logger,
      }),
  );
  // The target keeps itself within timeoutMs; this backstop only fires if it does not (a bug or a hang
  // that its own guards miss), and then counts as a down database.
  const snapshots = targets.map(
    (t) =>
      new ScrapeSnapshot(
        `postgres/${t.datname}`,
        (signal) => t.read(signal),
        options.timeoutMs + statementTimeoutMs + BACKSTOP_GRACE_MS,
      ),
  );
  registerScrapeMetrics(registry, postgresMetrics, () =>
    Promise.all(
      snapshots.map(async (snapshot, i) => {
        const outcome = await snapshot.current();
        return outcome.ok ? outcome.value : downSnapshot(targets[i]!.datname);
      }),
    ),
  );
  return {
    snapshots,
    close: async () => {
      await Promise.all(targets.map((t) => t.close()));
    },
  };
}

import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { registerScrapeMetrics } from '../scrape-metric';
import { ScrapeSnapshot } from '../scrape-snapshot';
import { postgresMetrics } from './postgres-metrics';
import type { PostgresSnapshot } from './postgres-snapshot';
import { PostgresTarget } from './postgres-target';

export interface PostgresCollectorOptions {
  /** One DSN per monitored database; each reports under its own datname. */
  dsns: readonly string[];
  timeoutMs: number;
  relationsLimit: number;
  statementsLimit: number;
  logger: Logger;
}

export interface PostgresCollector {
  snapshots: ScrapeSnapshot<PostgresSnapshot>[];
  close(): Promise<void>;
}

/**
 * Registers the PostgreSQL server-statistics metrics for every configured database. Each database is
 * its own collector (postgres/<datname>): one that is down or slow sets its pg_up to 0 and its collector
 * success to 0, while the others, and the rest of the exporter, are served as usual.
 */
export function registerPostgresCollector(
  registry: Registry,
  options: PostgresCollectorOptions,
): PostgresCollector {
  const targets = options.dsns.map(
    (dsn) =>
      new PostgresTarget({
        dsn,
        timeoutMs: options.timeoutMs,
        relationsLimit: options.relationsLimit,
        statementsLimit: options.statementsLimit,
        logger: options.logger,
      }),
  );
  const snapshots = targets.map(
    (t) => new ScrapeSnapshot(`postgres/${t.datname}`, (signal) => t.read(signal), options.timeoutMs),
  );
  registerScrapeMetrics(registry, postgresMetrics, () =>
    Promise.all(
      snapshots.map(async (snapshot, i) => {
        const outcome = await snapshot.current();
        // A timed-out read is a down database for this scrape, even though no snapshot came back.
        return outcome.ok
          ? outcome.value
          : { datname: targets[i]!.datname, up: false, server: undefined, statements: undefined };
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

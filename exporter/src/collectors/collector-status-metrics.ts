import { Gauge, type Registry } from 'prom-client';
import { COLLECTOR_DURATION, COLLECTOR_SUCCESS, type MetricDefinition } from '@perflens/conventions';
import type { SnapshotOutcome } from './scrape-snapshot';

const PRODUCER = 'exporter/standalone';

export const collectorStatusMetricDefinitions: MetricDefinition[] = [
  {
    name: COLLECTOR_SUCCESS,
    type: 'gauge',
    help: 'Whether the collector succeeded on this scrape (1) or failed or timed out (0).',
    labels: ['collector'],
    producer: PRODUCER,
  },
  {
    name: COLLECTOR_DURATION,
    type: 'gauge',
    help: 'How long the collector took on this scrape, in seconds (up to its timeout).',
    labels: ['collector'],
    producer: PRODUCER,
  },
];

/** A part of a collector that succeeds or fails on its own (one PostgreSQL query, for example). */
export interface PartOutcome {
  collector: string;
  ok: boolean;
  durationSeconds: number;
}

/** The outcomes a collector's value carries for its parts (`queries`), if any. */
function partsOf(value: unknown): readonly PartOutcome[] {
  const queries = (value as { queries?: unknown } | null)?.queries;
  return Array.isArray(queries) ? (queries as PartOutcome[]) : [];
}

/** Anything that reports a collector's outcome per scrape; ScrapeSnapshot is one. */
export interface CollectorOutcomeSource {
  readonly collectorName: string;
  current(): Promise<SnapshotOutcome<unknown>>;
}

/**
 * Self-metrics for every collector, the way postgres_exporter reports pg_scrape_collector_success and
 * node_exporter node_scrape_collector_success: a failing collector shows up here while the others keep
 * being served. A collector whose value lists parts (the PostgreSQL collector's `queries`) also reports
 * each part under its own name, e.g. `postgres/shop/tables`; a collector that failed as a whole reports
 * no parts, since none of them ran. They join the scrape's in-flight loads, so they describe this
 * scrape, not the last one.
 */
export function registerCollectorStatusMetrics(
  registry: Registry,
  snapshots: readonly CollectorOutcomeSource[],
): void {
  const outcomes = async (): Promise<PartOutcome[]> =>
    (
      await Promise.all(snapshots.map(async (s) => ({ name: s.collectorName, outcome: await s.current() })))
    ).flatMap(({ name, outcome }) => [
      { collector: name, ok: outcome.ok, durationSeconds: outcome.durationSeconds },
      ...(outcome.ok ? partsOf(outcome.value) : []),
    ]);
  new Gauge({
    name: COLLECTOR_SUCCESS,
    help: collectorStatusMetricDefinitions[0]!.help,
    labelNames: ['collector'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { collector, ok } of await outcomes()) this.set({ collector }, ok ? 1 : 0);
    },
  });
  new Gauge({
    name: COLLECTOR_DURATION,
    help: collectorStatusMetricDefinitions[1]!.help,
    labelNames: ['collector'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { collector, durationSeconds } of await outcomes()) this.set({ collector }, durationSeconds);
    },
  });
}

import { Gauge, type Registry } from 'prom-client';
import { COLLECTOR_DURATION, COLLECTOR_SUCCESS, type MetricDefinition } from '@perflens/conventions';
import type { ScrapeSnapshot } from './scrape-snapshot';

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

/**
 * Self-metrics for every collector, the way postgres_exporter reports pg_scrape_collector_success and
 * node_exporter node_scrape_collector_success: a failing collector shows up here while the others keep
 * being served. They join the scrape's in-flight loads, so they describe this scrape, not the last one.
 */
export function registerCollectorStatusMetrics(
  registry: Registry,
  snapshots: readonly ScrapeSnapshot<unknown>[],
): void {
  const outcomes = () =>
    Promise.all(snapshots.map(async (s) => ({ name: s.collectorName, outcome: await s.current() })));
  new Gauge({
    name: COLLECTOR_SUCCESS,
    help: collectorStatusMetricDefinitions[0]!.help,
    labelNames: ['collector'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { name, outcome } of await outcomes()) this.set({ collector: name }, outcome.ok ? 1 : 0);
    },
  });
  new Gauge({
    name: COLLECTOR_DURATION,
    help: collectorStatusMetricDefinitions[1]!.help,
    labelNames: ['collector'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { name, outcome } of await outcomes())
        this.set({ collector: name }, outcome.durationSeconds);
    },
  });
}

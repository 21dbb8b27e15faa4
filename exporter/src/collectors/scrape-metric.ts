import { Counter, Gauge, type Registry } from 'prom-client';
import type { MetricDefinition } from '@perflens/conventions';

export type Emit = (labels: Record<string, string>, value: number) => void;

/**
 * One metric whose samples are derived from a collector's snapshot at scrape time. The same object is
 * the catalogue entry (name, type, help, labels) and the code that produces the samples, so the
 * catalogue cannot drift from what is exported.
 */
export interface ScrapeMetric<S> {
  name: string;
  /** Counters must end in `_total`; other monotonic values keep their upstream (gauge) names. */
  type: 'gauge' | 'counter';
  help: string;
  labels: readonly string[];
  samples(snapshot: S, emit: Emit): void;
}

/** The catalogue entries for a collector's metrics. */
export function toMetricDefinitions<S>(
  metrics: readonly ScrapeMetric<S>[],
  producer: string,
): MetricDefinition[] {
  return metrics.map(({ name, type, help, labels }) => ({ name, type, help, labels, producer }));
}

/**
 * Registers the metrics on `registry`. On every scrape each one awaits `read()` (one shared read per
 * scrape, see ScrapeSnapshot), drops last scrape's series (so a dropped table or a statement that left
 * the top N disappears) and emits the new ones. `read()` resolving to undefined means "no data this
 * scrape": the metric is rendered without samples.
 */
export function registerScrapeMetrics<S>(
  registry: Registry,
  metrics: readonly ScrapeMetric<S>[],
  read: () => Promise<readonly S[]>,
): void {
  for (const metric of metrics) {
    const common = {
      name: metric.name,
      help: metric.help,
      labelNames: [...metric.labels],
      registers: [registry],
    };
    if (metric.type === 'counter') {
      new Counter({
        ...common,
        async collect() {
          const snapshots = await read();
          clear(this);
          // prom-client counters only increase, so a counter read from the source is reset to zero and
          // then incremented by the source's value; negative or non-finite values are not counters.
          for (const s of snapshots)
            metric.samples(s, (labels, value) => {
              if (Number.isFinite(value) && value >= 0) this.inc(labels, value);
            });
        },
      });
    } else {
      new Gauge({
        ...common,
        async collect() {
          const snapshots = await read();
          clear(this);
          for (const s of snapshots)
            metric.samples(s, (labels, value) => {
              if (!Number.isNaN(value)) this.set(labels, value);
            });
        },
      });
    }
  }
}

/**
 * Drops every series. prom-client's reset() puts a label-less metric back to a 0 sample, which would
 * claim "load 0" when the source could not be read, so that default sample is removed as well.
 */
function clear(metric: Gauge<string> | Counter<string>): void {
  metric.reset();
  metric.remove({});
}

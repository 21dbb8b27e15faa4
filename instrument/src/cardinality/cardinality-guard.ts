import { type MetricDefinition, SERIES_DROPPED_METRIC } from '@perflens/conventions';
import { Counter, type Registry } from 'prom-client';

/** The value every label takes once a metric has used up its series budget. */
export const OVERFLOW_LABEL_VALUE = '__overflow__';

export interface CardinalityGuardOptions {
  registry: Registry;
  /** Distinct label sets a metric may have before new ones fold into the overflow series. */
  maxSeriesPerMetric: number;
}

/**
 * Bounds the number of series per metric. prom-client has no limit of its own, and one unbounded label
 * (a raw path, a user id) turns every scrape into megabytes rendered on the event loop
 * (prom-client issues #216, #543). Label sets past the cap are not dropped silently: they are folded into
 * one overflow series per metric, so totals stay right, and counted in perflens_metric_series_dropped_total.
 */
export class CardinalityGuard {
  private readonly seen = new Map<string, Set<string>>();
  private readonly overflowLabels = new Map<string, Record<string, string>>();
  private readonly dropped: Counter<'metric'>;
  private readonly maxSeriesPerMetric: number;

  constructor(options: CardinalityGuardOptions) {
    if (!Number.isInteger(options.maxSeriesPerMetric) || options.maxSeriesPerMetric < 1) {
      throw new Error(
        `maxSeriesPerMetric must be a positive integer, got ${String(options.maxSeriesPerMetric)}`,
      );
    }
    this.maxSeriesPerMetric = options.maxSeriesPerMetric;
    this.dropped = findOrCreateDroppedCounter(options.registry);
  }

  /**
   * Returns the labels to record: `labels` itself while the metric is under its cap or the label set is
   * already known, otherwise the metric's overflow label set. Label values are keyed in insertion order,
   * so callers must build the object with the same key order every time (they do: one literal per metric).
   */
  admit<L extends Record<string, string>>(metricName: string, labels: L): L {
    let keys = this.seen.get(metricName);
    if (keys === undefined) {
      keys = new Set();
      this.seen.set(metricName, keys);
    }
    let key = '';
    for (const name in labels) key += labels[name] + '\u0001';
    if (keys.has(key)) return labels;
    if (keys.size < this.maxSeriesPerMetric) {
      keys.add(key);
      return labels;
    }
    this.dropped.inc({ metric: metricName });
    return this.overflowFor(metricName, labels) as L;
  }

  /** Distinct label sets admitted so far for a metric (for tests and self-monitoring). */
  seriesCount(metricName: string): number {
    return this.seen.get(metricName)?.size ?? 0;
  }

  private overflowFor(metricName: string, labels: Record<string, string>): Record<string, string> {
    let overflow = this.overflowLabels.get(metricName);
    if (overflow === undefined) {
      overflow = {};
      for (const name in labels) overflow[name] = OVERFLOW_LABEL_VALUE;
      this.overflowLabels.set(metricName, overflow);
    }
    return overflow;
  }
}

/** Several guards (instrumentation, RUM) can share one registry, so the counter is registered once. */
function findOrCreateDroppedCounter(registry: Registry): Counter<'metric'> {
  const existing = registry.getSingleMetric(SERIES_DROPPED_METRIC);
  if (existing) return existing as Counter<'metric'>;
  return new Counter({
    name: SERIES_DROPPED_METRIC,
    help: 'Observations folded into the overflow series because their metric reached its series cap.',
    labelNames: ['metric'],
    registers: [registry],
  });
}

export const guardMetricDefinitions: readonly MetricDefinition[] = [
  {
    name: SERIES_DROPPED_METRIC,
    type: 'counter',
    help: 'Observations folded into the overflow series because their metric reached its series cap.',
    labels: ['metric'],
    producer: 'instrument/cardinality',
  },
];

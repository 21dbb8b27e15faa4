import { Counter, Histogram, type Registry } from 'prom-client';
import { RUM_BEACONS, RUM_SAMPLES, type MetricDefinition } from '@perflens/conventions';
import { WEB_VITAL_NAMES, WEB_VITAL_SPECS, type WebVitalName } from './web-vital-names';

export const RUM_PRODUCER = 'exporter/rum';
export const RUM_LABELS = ['page', 'device_class'] as const;

export const rumMetricDefinitions: MetricDefinition[] = [
  ...WEB_VITAL_NAMES.map((name): MetricDefinition => ({
    name: WEB_VITAL_SPECS[name].metricName,
    type: 'histogram',
    help: WEB_VITAL_SPECS[name].help,
    labels: RUM_LABELS,
    producer: RUM_PRODUCER,
  })),
  {
    name: RUM_BEACONS,
    type: 'counter',
    help: 'Beacons received on /rum, by outcome (accepted, rejected) and reason.',
    labels: ['outcome', 'reason'],
    producer: RUM_PRODUCER,
  },
  {
    name: RUM_SAMPLES,
    type: 'counter',
    help: 'Web-vital samples inside beacons, by outcome (accepted, rejected, duplicate) and reason.',
    labels: ['outcome', 'reason'],
    producer: RUM_PRODUCER,
  },
];

/** Counts by (outcome, reason); `count(outcome, reason).inc()` adds one. */
export type OutcomeCounter = (outcome: string, reason: string) => { inc(): void };

export interface RumMetrics {
  histograms: Record<WebVitalName, Histogram<(typeof RUM_LABELS)[number]>>;
  beacons: OutcomeCounter;
  samples: OutcomeCounter;
}

/** Registers the RUM histograms and counters on `registry`. */
export function registerRumMetrics(registry: Registry): RumMetrics {
  const histograms = Object.fromEntries(
    WEB_VITAL_NAMES.map((name) => [
      name,
      new Histogram({
        name: WEB_VITAL_SPECS[name].metricName,
        help: WEB_VITAL_SPECS[name].help,
        labelNames: RUM_LABELS,
        buckets: WEB_VITAL_SPECS[name].buckets,
        registers: [registry],
      }),
    ]),
  ) as RumMetrics['histograms'];
  const counter = (name: string) => {
    const definition = rumMetricDefinitions.find((d) => d.name === name)!;
    const tallies = new Tallies();
    const prom: Counter<'outcome' | 'reason'> = new Counter<'outcome' | 'reason'>({
      name: definition.name,
      help: definition.help,
      labelNames: ['outcome', 'reason'],
      registers: [registry],
      collect: () => tallies.flushInto(prom),
    });
    return tallies.counter;
  };
  return { histograms, beacons: counter(RUM_BEACONS), samples: counter(RUM_SAMPLES) };
}

interface Tally {
  labels: { outcome: string; reason: string };
  pending: number;
  inc(): void;
}

/**
 * Counts kept as plain numbers and handed to prom-client when it collects (a scrape, or a test reading the
 * registry). The endpoint counts every beacon and every sample; prom-client's `inc(labels)` validates and
 * hashes the labels each time, about 1 µs, twice per beacon, where this is an increment. Bounded: outcomes
 * and reasons are constants of this code, never request data.
 */
class Tallies {
  private readonly byOutcome = new Map<string, Map<string, Tally>>();
  private readonly all: Tally[] = [];

  readonly counter: OutcomeCounter = (outcome, reason) => {
    let byReason = this.byOutcome.get(outcome);
    if (byReason === undefined) this.byOutcome.set(outcome, (byReason = new Map()));
    let tally = byReason.get(reason);
    if (tally === undefined) {
      const created: Tally = { labels: { outcome, reason }, pending: 0, inc: () => created.pending++ };
      byReason.set(reason, (tally = created));
      this.all.push(tally);
    }
    return tally;
  };

  flushInto(counter: Counter<'outcome' | 'reason'>): void {
    for (const tally of this.all) {
      // A series appears once counted, even before a scrape flushes a non-zero value into it.
      counter.inc(tally.labels, tally.pending);
      tally.pending = 0;
    }
  }
}

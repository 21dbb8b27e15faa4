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

export interface RumMetrics {
  histograms: Record<WebVitalName, Histogram<(typeof RUM_LABELS)[number]>>;
  beacons: Counter<'outcome' | 'reason'>;
  samples: Counter<'outcome' | 'reason'>;
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
  const counter = (definition: MetricDefinition) =>
    new Counter<'outcome' | 'reason'>({
      name: definition.name,
      help: definition.help,
      labelNames: ['outcome', 'reason'],
      registers: [registry],
    });
  return {
    histograms,
    beacons: counter(rumMetricDefinitions.find((d) => d.name === RUM_BEACONS)!),
    samples: counter(rumMetricDefinitions.find((d) => d.name === RUM_SAMPLES)!),
  };
}

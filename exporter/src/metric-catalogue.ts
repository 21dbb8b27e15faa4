import { advisorMetricDefinitions } from './advisor/advisor-metrics';
import { SERIES_DROPPED_METRIC } from './cardinality/cardinality-guard';
import { collectorStatusMetricDefinitions } from './collectors/collector-status-metrics';
import { hostMetricDefinitions } from './collectors/host/host-metrics';
import { postgresMetricDefinitions } from './collectors/postgres/postgres-metrics';
import { rumMetricDefinitions } from './rum/rum-metrics';
import { dbClientMetricDefinitions } from './db/db-metrics';
import { httpMetricDefinitions } from './http/http-metrics';
import type { MetricDefinition } from './metric-definition';
import { runtimeMetricDefinitions } from './runtime/runtime-metrics';

export type { MetricDefinition } from './metric-definition';

const guardMetricDefinitions: readonly MetricDefinition[] = [
  {
    name: SERIES_DROPPED_METRIC,
    type: 'counter',
    help: 'Observations folded into the overflow series because their metric reached its series cap.',
    labels: ['metric'],
    producer: 'instrumentation/cardinality',
  },
];

/**
 * Every metric Perflens produces. Built from the constants the producers use, so rules, dashboards, the
 * analysis engine and k6 scripts can be checked against what really exists.
 */
export const metricCatalogue: readonly MetricDefinition[] = [
  ...httpMetricDefinitions,
  ...dbClientMetricDefinitions,
  ...runtimeMetricDefinitions,
  ...guardMetricDefinitions,
  ...hostMetricDefinitions,
  ...postgresMetricDefinitions,
  ...rumMetricDefinitions,
  ...collectorStatusMetricDefinitions,
  ...advisorMetricDefinitions,
];

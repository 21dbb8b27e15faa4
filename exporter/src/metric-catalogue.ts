import { advisorMetricDefinitions } from '@perflens/advisor';
import type { MetricDefinition } from '@perflens/conventions';
import { instrumentMetricDefinitions } from '@perflens/instrument';
import { collectorStatusMetricDefinitions } from './collectors/collector-status-metrics';
import { hostMetricDefinitions } from './collectors/host/host-metrics';
import { postgresMetricDefinitions } from './collectors/postgres/postgres-metrics';
import { frontendAssetMetricDefinitions } from './frontend-assets/frontend-asset-metrics';
import { rumMetricDefinitions } from './rum/rum-metrics';

export type { MetricDefinition } from '@perflens/conventions';

/**
 * Every metric Perflens produces: the in-process instrumentation's, the standalone exporter's and the
 * advisor's. Built from the constants the producers use, so rules, dashboards, the analysis engine and k6
 * scripts can be checked against what really exists.
 */
export const metricCatalogue: readonly MetricDefinition[] = [
  ...instrumentMetricDefinitions,
  ...hostMetricDefinitions,
  ...postgresMetricDefinitions,
  ...rumMetricDefinitions,
  ...frontendAssetMetricDefinitions,
  ...collectorStatusMetricDefinitions,
  ...advisorMetricDefinitions,
];

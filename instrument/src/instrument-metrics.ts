import type { MetricDefinition } from '@perflens/conventions';
import { guardMetricDefinitions } from './cardinality/cardinality-guard';
import { dbClientMetricDefinitions } from './db/db-metrics';
import { routeStatementMetricDefinitions } from './db/route-statements';
import { httpMetricDefinitions } from './http/http-metrics';
import { routeBlockingMetricDefinitions } from './http/route-blocking';
import { runtimeMetricDefinitions } from './runtime/runtime-metrics';

/** Every metric the in-process instrumentation produces; the exporter adds its own to make the catalogue. */
export const instrumentMetricDefinitions: readonly MetricDefinition[] = [
  ...httpMetricDefinitions,
  ...routeBlockingMetricDefinitions,
  ...dbClientMetricDefinitions,
  ...routeStatementMetricDefinitions,
  ...runtimeMetricDefinitions,
  ...guardMetricDefinitions,
];

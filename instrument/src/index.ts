// Public surface of @perflens/instrument: Prometheus instrumentation for an Express + pg service, in
// process. Depends on prom-client (and the zero-dependency conventions) only; express and pg are the
// service's own and are never required from here.
export { instrument, type Perflens } from './instrument/instrument';
export { instrumentOptionsSchema, type InstrumentOptions } from './instrument/instrument-options';
export { serveClusterMetrics, type ClusterMetricsOptions } from './exposition/cluster-metrics';
export { createMetricsHandler, type MetricsHandlerOptions } from './exposition/metrics-handler';
export { hasBearerToken } from './exposition/bearer-token';
export { CardinalityGuard, OVERFLOW_LABEL_VALUE } from './cardinality/cardinality-guard';
export { registerRuntimeMetrics } from './runtime/runtime-metrics';
export { UNMATCHED_ROUTE, CLIENT_CLOSED_STATUS, HTTP_DURATION_BUCKETS } from '@perflens/conventions';
export { instrumentMetricDefinitions } from './instrument-metrics';

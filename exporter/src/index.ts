export { instrument, type Perflens } from './instrument/instrument';
export { instrumentOptionsSchema, type InstrumentOptions } from './instrument/instrument-options';
export { serveClusterMetrics, type ClusterMetricsOptions } from './exposition/cluster-metrics';
export { createMetricsHandler, type MetricsHandlerOptions } from './exposition/metrics-handler';
export { CardinalityGuard, OVERFLOW_LABEL_VALUE } from './cardinality/cardinality-guard';
export { UNMATCHED_ROUTE } from './http/route-template';
export { CLIENT_CLOSED_STATUS } from './http/http-middleware';
export { DEFAULT_DURATION_BUCKETS } from './http/http-metrics';
export { metricCatalogue, type MetricDefinition } from './metric-catalogue';

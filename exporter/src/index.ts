export { instrument, type Perflens } from './instrument/instrument';
export { instrumentOptionsSchema, type InstrumentOptions } from './instrument/instrument-options';
export { serveClusterMetrics, type ClusterMetricsOptions } from './exposition/cluster-metrics';
export { createMetricsHandler, type MetricsHandlerOptions } from './exposition/metrics-handler';
export { CardinalityGuard, OVERFLOW_LABEL_VALUE } from './cardinality/cardinality-guard';
export { UNMATCHED_ROUTE } from './http/route-template';
export { CLIENT_CLOSED_STATUS } from './http/http-middleware';
export { DEFAULT_DURATION_BUCKETS } from './http/http-metrics';
export { metricCatalogue, type MetricDefinition } from './metric-catalogue';
export { registerExampleCommand } from './example/example-command';
export { startExampleService, type ExampleServiceOptions } from './example/example-service';
export { registerExporterCommand } from './standalone/exporter-command';
export { loadExporterConfig, type ExporterConfig } from './standalone/exporter-config';
export { startExporterServer, type RunningExporter } from './standalone/exporter-server';
export { registerAdvisorCommand } from './advisor/advisor-command';
export { runAdvisor, runAdvisorOnDsn, AdvisorConnectionError } from './advisor/run-advisor';
export {
  parseAdvisorOptions,
  advisorOptionsSchema,
  type AdvisorOptionsInput,
} from './advisor/advisor-options';
export type { AdvisorReport } from './advisor/advisor-report';
export type { Recommendation, RecommendationKind, Severity } from './advisor/recommendation';
export { formatReport, type ReportFormat } from './advisor/report-format';
export { createAdvisorRouter, ADVISOR_API_PATH, type AdvisorRouterOptions } from './advisor/advisor-router';
export {
  createAdvisorService,
  type AdvisorService,
  type AdvisorServiceOptions,
} from './advisor/advisor-service';
export { registerAdvisorMetrics, advisorMetricDefinitions } from './advisor/advisor-metrics';

// The bottleneck analysis engine without the CLI: what the Grafana plugin bundles for the browser
// ('@perflens/analysis/dist/engine'). Nothing reachable from here imports Node or a server package; it reaches
// Prometheus through the PrometheusClient interface.
export { analyze, type AnalyzeOptions } from './analyze';
export type { AnalysisScope, ScopeReport } from './sources/analysis-scope';
export { scopeFacts, type ScopeFact } from './report/scope-lines';
export {
  type PrometheusClient,
  type PromSeries,
  PrometheusQueryError,
  PrometheusUnreachableError,
} from './sources/prometheus-client';
export {
  createHttpPrometheusClient,
  type HttpPrometheusClientOptions,
} from './sources/http-prometheus-client';
export { QueryAccounting, type QueryStats, type Clock } from './sources/query-accounting';
export {
  type Finding,
  type Evidence,
  type EvidenceUnit,
  type Recommendation,
  type Impact,
  type Layer,
  type Severity,
  LAYERS,
  SEVERITIES,
  atLeast,
} from './findings/finding';
export type { RecommendationSpec, RecommendationKind } from './findings/recommendation-spec';
export type { CheckMetadata } from './findings/check-definition';
export { type LinkBase, DEFAULT_LINK_BASE } from './report/finding-links';
export { CHECK_CATALOGUE, type AnalysisEvidence } from './checks/check-catalogue';
// The served-asset checks' one definition, which `perflens bundle --url` shares (@perflens/bundle).
export {
  pageJavascriptOverBudgetCheck,
  renderBlockingAssetsCheck,
  savedBytesScore,
  uncompressedAssetsCheck,
} from './checks/frontend/served-asset-metadata';
export { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds/default-thresholds';
export {
  resolveThresholds,
  ThresholdsConfigError,
  type ResolvedThresholds,
  type ThresholdsConfig,
} from './thresholds/resolve-thresholds';
export { sloObjectivesFromModel, type SloObjective } from './thresholds/slo-objectives';
export {
  indexAdviceFromAdvisorReport,
  type AdvisorReportLike,
  type IndexAdvice,
} from './recommend/index-advice';
export { type AnalysisReport, countBySeverity } from './report/analysis-report';
export { formatTable } from './report/format-table';
export { formatMarkdown } from './report/format-markdown';
export { formatJson, REPORT_JSON_VERSION } from './report/format-json';
export { formatJunit } from './report/format-junit';

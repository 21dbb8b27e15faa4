// Public surface of @perflens/advisor: PostgreSQL index advice proven with hypopg, index hygiene, apply
// and roll back; `perflens advisor`, and the API router the exporter mounts.
export { registerAdvisorCommand } from './cli/advisor-command';
export {
  runAdvisor,
  runAdvisorOnDsn,
  advisorStartupRefusal,
  AdvisorConnectionError,
  AdvisorRoleError,
} from './run-advisor';
export { parseAdvisorOptions, advisorOptionsSchema, type AdvisorOptionsInput } from './advisor-options';
export type { AdvisorReport } from './report/advisor-report';
export type { Recommendation, RecommendationKind, Severity } from './report/recommendation';
export { formatReport, type ReportFormat } from './report/report-format';
export { createAdvisorRouter, ADVISOR_API_PATH, type AdvisorRouterOptions } from './api/advisor-router';
export { createAdvisorService, type AdvisorService, type AdvisorServiceOptions } from './api/advisor-service';
export { registerAdvisorMetrics, advisorMetricDefinitions } from './api/advisor-metrics';
export { databaseOfDsn, redactDsn, redactSecrets } from './connection/dsn';

// Public surface of @perflens/test-harness: real PostgreSQL, Prometheus and Alertmanager instances on
// free ports in temporary folders, for integration tests, started through @perflens/supervisor. See README.md.
export { envVars } from './env-vars';
export {
  freePort,
  HttpError,
  MissingBinaryError,
  ServiceStartError,
  type ServiceConfig,
  type ServiceLocation,
} from '@perflens/supervisor';
export { startPostgres, type PostgresInstance, type StartPostgresOptions } from './postgres/start-postgres';
export { sharedPostgres, type SharedDatabase } from './postgres/shared-postgres';
export {
  startPrometheus,
  type PrometheusInstance,
  type StartPrometheusOptions,
} from './prometheus/start-prometheus';
export { PrometheusApi } from './prometheus/prometheus-api';
export type {
  PromAlert,
  PromRule,
  PromRuleGroup,
  PromSample,
  PromTarget,
  WaitForOptions,
} from './prometheus/prometheus-api';
export {
  startAlertmanager,
  type AlertmanagerInstance,
  type StartAlertmanagerOptions,
} from './alertmanager/start-alertmanager';
export { AlertmanagerApi } from './alertmanager/alertmanager-api';
export type {
  GettableAlert,
  GettableSilence,
  PostableAlert,
  SilenceMatcher,
} from './alertmanager/alertmanager-api';
export {
  type LazyOptions,
  useAlertmanager,
  usePostgres,
  usePrometheus,
  useService,
  useSharedPostgres,
} from './jest/use-services';
export {
  useBackfilledPrometheus,
  type UseBackfilledPrometheusOptions,
} from './jest/use-backfilled-prometheus';
export {
  startVictoriaMetrics,
  type StartVictoriaMetricsOptions,
  type VictoriaMetricsInstance,
} from './victoria-metrics/start-victoria-metrics';
export { openMetricsToImportText, VictoriaMetricsApi } from './victoria-metrics/victoria-metrics-api';
export {
  replayRules,
  startVmagentServer as startVmagent,
  startVmalertServer as startVmalert,
  type ReplayRulesOptions,
  type ScrapeShard,
  type StartVmagentServerOptions as StartVmagentOptions,
  type StartVmalertServerOptions as StartVmalertOptions,
  type VmagentServer as VmagentInstance,
  type VmalertServer as VmalertInstance,
} from '@perflens/supervisor';
export { chromiumExecutable, HEADLESS_CHROMIUM_ARGS } from './browser/headless-chromium';
export { ALLOW_NO_K6_VAR, k6MissingReason, locateK6, type K6Binary } from './k6/k6-binary';
export { runK6, type K6Result, type RunK6Options } from './k6/run-k6';
export { describeWithK6 } from './k6/describe-with-k6';
export { k6Bundles } from './k6/k6-bundles';
export { OpenMetricsWriter, type Curve, type Labels } from './synthetic-metrics/openmetrics-writer';
export { backfillTsdb, startBackfilledPrometheus } from './synthetic-metrics/backfilled-prometheus';
export { backfillFleets, type FleetBackfill } from './synthetic-metrics/fleet-backfill';
export type { FleetProfile, OutlierAnomaly, UnevenLoadAnomaly } from './synthetic-metrics/fleet-profile';
export {
  healthyProfile,
  JOB,
  route,
  writeServiceProfile,
  type PageProfile,
  type RouteProfile,
  type ServiceProfile,
  type StatementProfile,
  type TableProfile,
} from './synthetic-metrics/service-profile';
export { startSourceFixtureProcess, type SourceFixtureProcess } from './process/source-fixture-process';

// Public surface of @perflens/supervisor: child processes that never outlive their parent, with readiness,
// bounded output, log files, ordered stops; PostgreSQL, Prometheus and Alertmanager from their Debian
// binaries, in a temporary or a kept folder, on a free or a fixed port. See README.md.
export { envVars } from './env-vars';

export {
  ManagedProcess,
  ServiceStartError,
  describeExit,
  type ExitStatus,
  type ManagedProcessOptions,
} from './process/managed-process';
export { OutputTail } from './process/output-tail';
export {
  ProcessGroup,
  type MemberExit,
  type ProcessGroupOptions,
  type Stoppable,
  type WatchedMember,
} from './process/process-group';
export { handleShutdownSignals, type ShutdownSignalOptions } from './process/shutdown-signals';
export { waitUntilReady, withPortRetry, type ReadinessOptions } from './process/wait-until-ready';
export { freePort, isPortFree } from './process/free-port';
export { createTempDir, workDir, type TempDir, type WorkDir } from './process/temp-dir';
export { MissingBinaryError, isExecutable, requireBinary } from './process/binaries';
export {
  defaultPostgresBinDir,
  locateBinary,
  missingBinaries,
  postgresExtensionPackages,
  requireServiceBinary,
  type ServiceBinary,
  type ServiceBinaryName,
} from './process/service-binaries';
export { isRunning, readProcessStatus, type ProcessStatus } from './process/process-status';
export {
  cleanUpRecordsSync,
  cleanUpTrackedSync,
  processRecord,
  recordKey,
  track,
  type CleanupRecord,
  type DirRecord,
  type ProcessRecord,
} from './process/cleanup-registry';
export { processWide, realProcess } from './process/real-process';

export {
  startPostgresServer,
  type PostgresServer,
  type StartPostgresServerOptions,
} from './postgres/postgres-server';
export { acceptsConnections, postgresUrl, withPostgresClient } from './postgres/postgres-ready';
export { postgresCanEnter } from './postgres/postgres-user';

export {
  prometheusArgs,
  startPrometheusServer,
  type PrometheusServer,
  type StartPrometheusServerOptions,
} from './prometheus/prometheus-server';
export {
  alertmanagerArgs,
  startAlertmanagerServer,
  type AlertmanagerServer,
  type StartAlertmanagerServerOptions,
} from './alertmanager/alertmanager-server';

export {
  startVictoriaMetricsServer,
  victoriaMetricsArgs,
  type StartVictoriaMetricsServerOptions,
  type VictoriaMetricsServer,
} from './victoria-metrics/victoria-metrics-server';
export {
  startVmagentServer,
  vmagentArgs,
  type ScrapeShard,
  type StartVmagentServerOptions,
  type VmagentServer,
} from './victoria-metrics/vmagent-server';
export {
  startVmalertServer,
  vmalertArgs,
  type StartVmalertServerOptions,
  type VmalertEndpoints,
  type VmalertServer,
} from './victoria-metrics/vmalert-server';
export { replayRules, type ReplayRulesOptions } from './victoria-metrics/vmalert-replay';

export type { ServerPlacement } from './service/start-configured-server';
export {
  renderConfig,
  writeConfigFiles,
  type ServiceConfig,
  type ServiceLocation,
} from './service/config-files';
export { answersOk, HttpError, requestJson } from './service/http-json';

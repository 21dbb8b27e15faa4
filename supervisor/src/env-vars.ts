/**
 * Environment variables the supervisor reads: where the service binaries are when they are not at Debian's
 * paths, and where to mirror its cleanup records for a sweeper in another process.
 */
export const envVars = {
  /** Folder holding `initdb` and `postgres` (default /usr/lib/postgresql/15/bin). */
  postgresBinDir: 'PERFLENS_POSTGRES_BIN_DIR',
  /** Path of the `prometheus` binary (default /usr/bin/prometheus). */
  prometheusBin: 'PERFLENS_PROMETHEUS_BIN',
  /** Path of the Alertmanager binary (default /usr/bin/prometheus-alertmanager). */
  alertmanagerBin: 'PERFLENS_ALERTMANAGER_BIN',
  /** Path of the single-node VictoriaMetrics binary (default /usr/bin/victoria-metrics). */
  victoriaMetricsBin: 'PERFLENS_VICTORIA_METRICS_BIN',
  /** Path of the `vmagent` binary (default /usr/bin/vmagent). */
  vmagentBin: 'PERFLENS_VMAGENT_BIN',
  /** Path of the `vmalert` binary (default /usr/bin/vmalert). */
  vmalertBin: 'PERFLENS_VMALERT_BIN',
  /**
   * Folder in which every started process and temporary folder is also recorded as a JSON file, so that
   * another process can clean up after this one if it is killed. The test harness's jest global setup sets
   * it (hence the name); unset, the records live in memory only.
   */
  recordDir: 'PERFLENS_TEST_RUN_DIR',
} as const;

import { envVars as supervisorEnvVars } from '@perflens/supervisor';

/**
 * Names of the environment variables through which jest's global setup talks to the test workers, and
 * through which a machine can point the harness at binaries outside the Debian default paths (the
 * supervisor reads those; see supervisor/README.md).
 */
export const envVars = {
  /** Run-scoped folder where every started process and temp folder is recorded for the global teardown. */
  runDir: supervisorEnvVars.recordDir,
  /** Superuser connection string of the PostgreSQL cluster shared by the whole jest run. */
  sharedPostgresUrl: 'PERFLENS_SHARED_POSTGRES_URL',
  /** Folder holding `initdb` and `postgres` (default /usr/lib/postgresql/15/bin). */
  postgresBinDir: supervisorEnvVars.postgresBinDir,
  /** Path of the `prometheus` binary (default /usr/bin/prometheus). */
  prometheusBin: supervisorEnvVars.prometheusBin,
  /** Path of the Alertmanager binary (default /usr/bin/prometheus-alertmanager). */
  alertmanagerBin: supervisorEnvVars.alertmanagerBin,
  /** Path of the Chromium binary browser tests drive (default /usr/bin/chromium). */
  chromiumBin: 'PERFLENS_CHROMIUM_BIN',
} as const;

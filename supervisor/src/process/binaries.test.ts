import { startAlertmanager } from '../alertmanager/start-alertmanager';
import { envVars } from '../env-vars';
import { startPostgres } from '../postgres/start-postgres';
import { startPrometheus } from '../prometheus/start-prometheus';
import { MissingBinaryError } from './binaries';

const config = { route: { receiver: 'x' }, receivers: [{ name: 'x' }] };

describe('a missing binary', () => {
  afterEach(() => {
    delete process.env[envVars.prometheusBin];
  });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      'PostgreSQL names the postgresql package',
      () => startPostgres({ binDir: '/nonexistent/bin' }),
      '/nonexistent/bin/initdb is missing or not executable: install the Debian package postgresql ' +
        '(apt-get install postgresql) or set PERFLENS_POSTGRES_BIN_DIR to another location',
    ],
    [
      'Prometheus names the prometheus package',
      () => startPrometheus({ config: {}, binary: '/nonexistent/prometheus' }),
      '/nonexistent/prometheus is missing or not executable: install the Debian package prometheus ' +
        '(apt-get install prometheus) or set PERFLENS_PROMETHEUS_BIN to another location',
    ],
    [
      'Prometheus honours the environment override',
      () => {
        process.env[envVars.prometheusBin] = '/opt/missing/prometheus';
        return startPrometheus({ config: {} });
      },
      '/opt/missing/prometheus is missing or not executable: install the Debian package prometheus ' +
        '(apt-get install prometheus) or set PERFLENS_PROMETHEUS_BIN to another location',
    ],
    [
      'Alertmanager names the prometheus-alertmanager package',
      () => startAlertmanager({ config, binary: '/nonexistent/alertmanager' }),
      '/nonexistent/alertmanager is missing or not executable: install the Debian package prometheus-alertmanager ' +
        '(apt-get install prometheus-alertmanager) or set PERFLENS_ALERTMANAGER_BIN to another location',
    ],
    [
      'a non-executable file counts as missing',
      () => startPrometheus({ config: {}, binary: '/etc/passwd' }),
      '/etc/passwd is missing or not executable: install the Debian package prometheus ' +
        '(apt-get install prometheus) or set PERFLENS_PROMETHEUS_BIN to another location',
    ],
  ])('%s', async (_title, start, message) => {
    const error = await start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MissingBinaryError);
    expect((error as Error).message).toBe(message);
  });
});

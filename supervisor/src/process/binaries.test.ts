import { startAlertmanagerServer } from '../alertmanager/alertmanager-server';
import { envVars } from '../env-vars';
import { startPostgresServer } from '../postgres/postgres-server';
import { startPrometheusServer } from '../prometheus/prometheus-server';
import { MissingBinaryError } from './binaries';
import { locateBinary, missingBinaries, type ServiceBinary } from './service-binaries';

const config = { route: { receiver: 'x' }, receivers: [{ name: 'x' }] };

describe('a missing binary', () => {
  afterEach(() => {
    delete process.env[envVars.prometheusBin];
  });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      'PostgreSQL names the postgresql package',
      () => startPostgresServer({ binDir: '/nonexistent/bin' }),
      '/nonexistent/bin/initdb is missing or not executable: install the Debian package postgresql ' +
        '(apt-get install postgresql) or set PERFLENS_POSTGRES_BIN_DIR to another location',
    ],
    [
      'Prometheus names the prometheus package',
      () => startPrometheusServer({ config: {}, binary: '/nonexistent/prometheus' }),
      '/nonexistent/prometheus is missing or not executable: install the Debian package prometheus ' +
        '(apt-get install prometheus) or set PERFLENS_PROMETHEUS_BIN to another location',
    ],
    [
      'Prometheus honours the environment override',
      () => {
        process.env[envVars.prometheusBin] = '/opt/missing/prometheus';
        return startPrometheusServer({ config: {} });
      },
      '/opt/missing/prometheus is missing or not executable: install the Debian package prometheus ' +
        '(apt-get install prometheus) or set PERFLENS_PROMETHEUS_BIN to another location',
    ],
    [
      'Alertmanager names the prometheus-alertmanager package',
      () => startAlertmanagerServer({ config, binary: '/nonexistent/alertmanager' }),
      '/nonexistent/alertmanager is missing or not executable: install the Debian package prometheus-alertmanager ' +
        '(apt-get install prometheus-alertmanager) or set PERFLENS_ALERTMANAGER_BIN to another location',
    ],
    [
      'a non-executable file counts as missing',
      () => startPrometheusServer({ config: {}, binary: '/etc/passwd' }),
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

describe('the binary table', () => {
  const saved = { ...process.env };
  const binaryVars = [envVars.postgresBinDir, envVars.prometheusBin, envVars.alertmanagerBin];
  afterEach(() => {
    for (const name of binaryVars) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it.each<[string, Record<string, string>, ServiceBinary[]]>([
    [
      "uses Debian's paths without overrides",
      {},
      [
        {
          name: 'initdb',
          path: '/usr/lib/postgresql/15/bin/initdb',
          debianPackage: 'postgresql',
          envVar: 'PERFLENS_POSTGRES_BIN_DIR',
        },
        {
          name: 'postgres',
          path: '/usr/lib/postgresql/15/bin/postgres',
          debianPackage: 'postgresql',
          envVar: 'PERFLENS_POSTGRES_BIN_DIR',
        },
        {
          name: 'prometheus',
          path: '/usr/bin/prometheus',
          debianPackage: 'prometheus',
          envVar: 'PERFLENS_PROMETHEUS_BIN',
        },
        {
          name: 'alertmanager',
          path: '/usr/bin/prometheus-alertmanager',
          debianPackage: 'prometheus-alertmanager',
          envVar: 'PERFLENS_ALERTMANAGER_BIN',
        },
      ],
    ],
    [
      'follows the environment variables',
      {
        PERFLENS_POSTGRES_BIN_DIR: '/opt/pg/bin',
        PERFLENS_PROMETHEUS_BIN: '/opt/prom/prometheus',
        PERFLENS_ALERTMANAGER_BIN: '/opt/am/alertmanager',
      },
      [
        {
          name: 'initdb',
          path: '/opt/pg/bin/initdb',
          debianPackage: 'postgresql',
          envVar: 'PERFLENS_POSTGRES_BIN_DIR',
        },
        {
          name: 'postgres',
          path: '/opt/pg/bin/postgres',
          debianPackage: 'postgresql',
          envVar: 'PERFLENS_POSTGRES_BIN_DIR',
        },
        {
          name: 'prometheus',
          path: '/opt/prom/prometheus',
          debianPackage: 'prometheus',
          envVar: 'PERFLENS_PROMETHEUS_BIN',
        },
        {
          name: 'alertmanager',
          path: '/opt/am/alertmanager',
          debianPackage: 'prometheus-alertmanager',
          envVar: 'PERFLENS_ALERTMANAGER_BIN',
        },
      ],
    ],
  ])('%s', (_title, env, expected) => {
    for (const name of binaryVars) delete process.env[name];
    Object.assign(process.env, env);
    const names = ['initdb', 'postgres', 'prometheus', 'alertmanager'] as const;
    expect(names.map((name) => locateBinary(name))).toEqual(expected);
  });

  it('lists the binaries that are absent or not executable', () => {
    process.env[envVars.prometheusBin] = '/etc/passwd';
    process.env[envVars.alertmanagerBin] = process.execPath;
    const missing = missingBinaries([locateBinary('prometheus'), locateBinary('alertmanager')]);
    expect(missing.map((binary) => binary.path)).toEqual(['/etc/passwd']);
  });
});

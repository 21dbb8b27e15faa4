import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './config-error';
import { loadExporterConfig } from './exporter-config';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function problemsOf(file: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadExporterConfig(file, env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadExporterConfig', () => {
  it('fills every default from an empty file', () => {
    const config = loadExporterConfig(write('empty.yaml', ''), {});
    expect([
      config.server.port,
      config.server.host,
      config.host.enabled,
      config.postgres.dsns,
      config.rum.rateLimit.perClient,
    ]).toEqual([9464, '0.0.0.0', true, [], { ratePerSecond: 5, burst: 20 }]);
  });

  it('reads DSNs and the metrics token from files relative to the config file', () => {
    write('dsn.secret', 'postgres://exporter:pw@db:5432/shop\n');
    write('token.secret', 'abcdefghijklmnopqrstuvwxyz\n');
    const file = write(
      'secrets.yaml',
      'server:\n  metricsBearerTokenFile: token.secret\npostgres:\n  databases:\n    - dsnFile: dsn.secret\n',
    );
    const config = loadExporterConfig(file, {});
    expect([config.postgres.dsns, config.server.metricsBearerToken]).toEqual([
      ['postgres://exporter:pw@db:5432/shop'],
      'abcdefghijklmnopqrstuvwxyz',
    ]);
  });

  it.each([
    [
      'the port',
      { PERFLENS_EXPORTER_PORT: '9100' },
      (c: ReturnType<typeof loadExporterConfig>) => c.server.port,
      9100,
    ],
    [
      'the host collector switch',
      { PERFLENS_EXPORTER_HOST_COLLECTOR: 'false' },
      (c: ReturnType<typeof loadExporterConfig>) => c.host.enabled,
      false,
    ],
    [
      'the DSN',
      { PERFLENS_EXPORTER_POSTGRES_DSN: 'postgres://u@h/app' },
      (c: ReturnType<typeof loadExporterConfig>) => c.postgres.dsns,
      ['postgres://u@h/app'],
    ],
    [
      'the allowed origins',
      { PERFLENS_EXPORTER_RUM_ALLOWED_ORIGINS: 'https://a.example, https://b.example' },
      (c: ReturnType<typeof loadExporterConfig>) => c.rum.allowedOrigins,
      ['https://a.example', 'https://b.example'],
    ],
  ])('lets the environment override %s', (_title, env, read, expected) => {
    const file = write(
      'override.yaml',
      'server:\n  port: 9464\npostgres:\n  databases:\n    - dsn: postgres://u@h/other\n',
    );
    expect(read(loadExporterConfig(file, env))).toEqual(expected);
  });

  it.each([
    [
      'a port that is not a number',
      'server:\n  port: "nine"\n',
      {},
      ['bad.yaml: server.port: Invalid input: expected number, received string'],
    ],
    [
      'a port out of range',
      'server:\n  port: 70000\n',
      {},
      ['bad.yaml: server.port: Too big: expected number to be <=65535'],
    ],
    [
      'a misspelt option',
      'rum:\n  allowedOrigin: []\n',
      {},
      ['bad.yaml: rum: Unrecognized key: "allowedOrigin"'],
    ],
    [
      'an origin with a path',
      'rum:\n  allowedOrigins: ["https://shop.example/"]\n',
      {},
      [
        'bad.yaml: rum.allowedOrigins[0]: expected an origin such as https://shop.example.com (scheme and host, no path or trailing slash)',
      ],
    ],
    [
      'a negative advisor window',
      'advisor:\n  seqScanWindowSeconds: -5\n',
      {},
      ['bad.yaml: advisor.seqScanWindowSeconds: Too small: expected number to be >=0'],
    ],
    [
      'a page pattern without a slash',
      'rum:\n  pages:\n    - pattern: products\n',
      {},
      ['bad.yaml: rum.pages[0].pattern: expected a path template starting with "/"'],
    ],
    [
      'a database with neither dsn nor dsnFile',
      'postgres:\n  databases:\n    - {}\n',
      {},
      ['bad.yaml: postgres.databases[0]: expected exactly one of dsn or dsnFile'],
    ],
    [
      'a broken regular expression',
      'host:\n  excludeFsTypes: "(tmpfs"\n',
      {},
      ['bad.yaml: host.excludeFsTypes: expected a valid regular expression'],
    ],
    [
      'a short token',
      'server:\n  metricsBearerToken: short\n',
      {},
      ['bad.yaml: server.metricsBearerToken: expected a token of at least 16 characters'],
    ],
    [
      'a bad port from the environment',
      '',
      { PERFLENS_EXPORTER_PORT: 'abc' },
      ['bad.yaml: server.port (from PERFLENS_EXPORTER_PORT): Invalid input: expected number, received NaN'],
    ],
    [
      'a bad switch from the environment',
      '',
      { PERFLENS_EXPORTER_HOST_COLLECTOR: 'no' },
      [
        'bad.yaml: host.enabled (from PERFLENS_EXPORTER_HOST_COLLECTOR): Invalid input: expected boolean, received string',
      ],
    ],
    [
      'a list at the top level',
      '- a\n- b\n',
      {},
      ['bad.yaml: expected a mapping of settings at the top level'],
    ],
    [
      'a YAML syntax error',
      'server:\n  port: [9464\n',
      {},
      [
        'bad.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    ],
    [
      'the same database twice',
      'postgres:\n  databases:\n    - dsn: postgres://a@h1/shop\n    - dsn: postgres://b@h2/shop\n',
      {},
      [
        'bad.yaml: postgres.databases[1]: database "shop" is already listed at postgres.databases[0]; list each database once',
      ],
    ],
  ])('reports %s with the file, the field and what was expected', (_title, yaml, env, expected) => {
    const file = write('bad.yaml', yaml);
    const problems = problemsOf(file, env).map((p) => p.replace(`${dir}/`, ''));
    expect(problems).toEqual(expected);
  });

  it('reports every problem at once', () => {
    const file = write('many.yaml', 'server:\n  port: -1\nlogging:\n  level: loud\n');
    expect(problemsOf(file).map((p) => p.replace(`${dir}/`, ''))).toEqual([
      'many.yaml: server.port: Too small: expected number to be >=0',
      'many.yaml: logging.level: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
    ]);
  });

  it('names a secret file it cannot read, without its content', () => {
    const file = write('missing-secret.yaml', 'postgres:\n  databases:\n    - dsnFile: /nonexistent/dsn\n');
    expect(problemsOf(file).map((p) => p.replace(`${dir}/`, ''))).toEqual([
      'missing-secret.yaml: postgres.databases[0].dsnFile: cannot read /nonexistent/dsn (ENOENT)',
    ]);
  });

  it('names a config file it cannot read', () => {
    expect(problemsOf('/nonexistent/perflens.yaml')).toEqual([
      "/nonexistent/perflens.yaml: cannot read the config file (ENOENT: no such file or directory, open '/nonexistent/perflens.yaml')",
    ]);
  });
});

describe('the example configuration', () => {
  it('is valid and states every default the schema applies', () => {
    const example = path.join(__dirname, '..', '..', 'examples', 'perflens.example.yaml');
    expect(loadExporterConfig(example, {})).toEqual(loadExporterConfig(write('defaults.yaml', ''), {}));
  });
});

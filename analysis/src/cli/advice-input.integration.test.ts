import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExporterConfig, startExporterServer, type RunningExporter } from '@perflens/exporter';
import { freePort, useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import pino from 'pino';
import { ADVISOR_TOKEN_ENV, loadAdvice } from './advice-input';
import { runAnalyze } from './analyze-command';

const VIEWER_TOKEN = 'viewer-token-advice-0123456789abcdef';
const ADMIN_TOKEN = 'admin-token-advice-0123456789abcdef0';

/**
 * `perflens analyze --advisor-url`: the index advice read from a real exporter with the advisor mounted on
 * the harness PostgreSQL, whose workload (run as a non-superuser role, which the advisor plans) lacks an
 * index on shipments(customer_id).
 */
describe('perflens analyze --advisor-url', () => {
  const database = useSharedPostgres();
  let dir: string;
  let exporter: RunningExporter;
  const tokenFile = () => path.join(dir, 'viewer');
  // Roles belong to the whole (shared) cluster: one name per run, dropped at the end.
  const role = `advice_app_${process.pid}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-advice-api-'));
    const admin = new Client({ connectionString: database().connectionString });
    await admin.connect();
    try {
      await admin.query(`
        CREATE TABLE shipments (id int PRIMARY KEY, customer_id int NOT NULL, weight numeric NOT NULL);
        INSERT INTO shipments SELECT g, (g * 7919) % 5000 + 1, g % 90 FROM generate_series(1, 100000) g;
        ANALYZE shipments;
        CREATE ROLE ${role} LOGIN PASSWORD 'advice-app';
        GRANT SELECT ON shipments TO ${role};`);
    } finally {
      await admin.end();
    }
    const dsn = new URL(database().connectionString);
    dsn.username = role;
    dsn.password = 'advice-app';
    const app = new Client({ connectionString: dsn.toString() });
    await app.connect();
    try {
      for (let i = 1; i <= 20; i++)
        await app.query('SELECT id, weight FROM shipments WHERE customer_id = $1', [i * 13]);
    } finally {
      await app.end();
    }
    writeFileSync(tokenFile(), `${VIEWER_TOKEN}\n`);
    writeFileSync(path.join(dir, 'admin'), `${ADMIN_TOKEN}\n`);
    const config = path.join(dir, 'perflens.yaml');
    writeFileSync(
      config,
      `server: { host: 127.0.0.1, port: 0 }\nhost: { enabled: false }\nrum: { enabled: false }\n` +
        `postgres: { databases: [{ dsn: "${database().connectionString}" }] }\n` +
        `advisor: { enabled: true, viewerTokenFile: viewer, adminTokenFile: admin, allowSuperuser: true }\n`,
    );
    exporter = await startExporterServer(loadExporterConfig(config, {}), pino({ level: 'silent' }));
  }, 60_000);

  afterAll(async () => {
    await exporter?.close();
    const admin = new Client({ connectionString: database().connectionString });
    await admin.connect();
    await admin.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`).finally(() => admin.end());
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the missing-index advice from the API with the token from a file or the environment', async () => {
    const fromFile = await loadAdvice(
      { advisorUrl: exporter.url, advisorTokenFile: tokenFile() },
      { timeoutSeconds: 50 },
    );
    expect(fromFile).toContainEqual(
      expect.objectContaining({
        schema: 'public',
        table: 'shipments',
        columns: ['customer_id'],
        verified: true,
        queryids: [expect.stringMatching(/^-?\d+$/)],
      }),
    );
    // The same report (cached by the exporter) through $PERFLENS_ADVISOR_TOKEN and a URL naming the endpoint.
    const fromEnv = await loadAdvice(
      { advisorUrl: `${exporter.url}/api/v1/advisor/recommendations/` },
      { timeoutSeconds: 50, env: { [ADVISOR_TOKEN_ENV]: VIEWER_TOKEN } },
    );
    expect(fromEnv).toEqual(fromFile);
  }, 55_000);

  it('says "token rejected" for a wrong token, without printing it', async () => {
    const wrong = path.join(dir, 'wrong');
    writeFileSync(wrong, 'not-the-token-0123456789abcdef0123456\n');
    const rejected = loadAdvice(
      { advisorUrl: exporter.url, advisorTokenFile: wrong },
      { timeoutSeconds: 10 },
    );
    await expect(rejected).rejects.toThrow(
      `--advisor-url: token rejected by ${exporter.url}/api/v1/advisor/recommendations (HTTP 401)`,
    );
    await expect(rejected).rejects.not.toThrow('not-the-token');
  });

  it('exits 2 through perflens analyze naming an advisor URL that does not answer', async () => {
    const port = await freePort();
    let out = '';
    const outcome = await runAnalyze(
      {
        prometheus: 'http://127.0.0.1:1',
        job: 'shop',
        format: 'table',
        failOn: 'critical',
        advisorUrl: `http://127.0.0.1:${port}`,
        advisorTokenFile: tokenFile(),
      },
      (text) => (out += text),
    );
    expect(outcome.exitCode).toBe(2);
    expect(outcome.message).toMatch(
      new RegExp(
        `^--advisor-url: cannot reach the advisor API at http://127.0.0.1:${port}/api/v1/advisor/recommendations: .*ECONNREFUSED`,
      ),
    );
    expect(out).toBe('');
  });

  it.each([
    ['no token at all', { advisorUrl: 'http://127.0.0.1:1' }, /needs the advisor API's viewer token/],
    [
      'both sources',
      { advice: 'a.json', advisorUrl: 'http://127.0.0.1:1' },
      'use either --advice or --advisor-url, not both',
    ],
    ['a token file without a URL', { advisorTokenFile: 'x' }, '--advisor-token-file goes with --advisor-url'],
    [
      'credentials in the URL',
      { advisorUrl: 'http://u:p@127.0.0.1:1', advisorTokenFile: 'x' },
      '--advisor-url must not carry credentials',
    ],
    [
      'a missing token file',
      { advisorUrl: 'http://127.0.0.1:1', advisorTokenFile: '/nonexistent/token' },
      '--advisor-token-file: /nonexistent/token does not exist',
    ],
  ])('refuses %s', async (_title, source, message) => {
    await expect(loadAdvice(source, { timeoutSeconds: 5, env: {} })).rejects.toThrow(message);
  });
});

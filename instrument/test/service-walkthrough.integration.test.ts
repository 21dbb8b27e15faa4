import { sharedPostgres, startPrometheus, type PrometheusInstance } from '@perflens/test-harness';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The walkthrough of instrument/README.md ("Instrument your own service"), step by step, by a service
 * that lives outside this repository: its own folder and package.json installing the packed
 * @perflens/instrument tarball with express and pg, its own SLO file, its /metrics scraped by a real
 * Prometheus, real traffic on a real PostgreSQL, then the repository's `perflens analyze` against its job
 * and SLO file. Runs on the dist folders that `npm test` builds (tsc -b) before jest.
 */

const run = promisify(execFile);
const repositoryRoot = path.resolve(__dirname, '../..');
const perflensBin = path.join(repositoryRoot, 'bin', 'perflens.js');
const JOB = 'checkout-service';

// npm pack and an install of the tarballs, express and pg from the npm cache: a few seconds alone,
// several times that on a machine running the whole suite.
const SETUP_TIMEOUT_MS = 150_000;

/** The environment of a child npm: none of the npm_* settings that `npm test` passes down to jest. */
function npmEnvironment(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_') || keep.has(name)),
  );
}

/** The version of a package the repository installed, so the service's install is served from npm's cache. */
async function repositoryVersionOf(name: string): Promise<string> {
  const manifest = path.join(repositoryRoot, 'node_modules', name, 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

// The service, as its developer writes it (README step 2): CommonJS, no build step.
const serviceScript = `
const express = require('express');
const { Pool } = require('pg');
const { instrument } = require('@perflens/instrument');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const app = express();
instrument({ app, pools: { main: pool } });

app.get('/api/carts/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, total FROM carts WHERE id = $1', [req.params.id]);
  res.json(rows[0] ?? null);
});
app.post('/api/checkout', async (_req, res) => {
  await pool.query("UPDATE carts SET total = total + 1 WHERE id = 1 AND status = 'open'");
  res.status(201).end();
});

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n');
});
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
`;

// README step 3: the service's own SLO file, in alert-rules/slo.yaml's format.
const sloFile = `version: perflens/v1
services:
  - name: ${JOB}
    job: ${JOB}
    slos:
      - name: availability
        kind: availability
        description: Carts and checkouts are answered without a server error.
        objective: 99.5
        window: 30d
      - name: latency
        kind: latency
        description: Carts and checkouts are answered within 2.5 s.
        objective: 99
        thresholdSeconds: 2.5
        window: 30d
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `perflens analyze …` through the repository's bin/perflens.js, run from the service's folder. */
function perflensAnalyze(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [perflensBin, 'analyze', ...args],
      { cwd, timeout: 50_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('a service outside the repository instruments itself (README walkthrough)', () => {
  let project: string;
  let service: ChildProcess | undefined;
  let prometheus: PrometheusInstance | undefined;
  let serviceUrl: string;

  beforeAll(async () => {
    for (const folder of ['conventions', 'instrument', 'cli']) {
      if (!existsSync(path.join(repositoryRoot, folder, 'dist'))) {
        throw new Error(`${folder}/dist is missing: build first (npm run build)`);
      }
    }
    project = await mkdtemp(path.join(os.tmpdir(), 'perflens-walkthrough-'));
    const env = npmEnvironment();

    // Step 1: pack the library (today's install path; `npm install @perflens/instrument` once published).
    const pack = await run(
      'npm',
      [
        'pack',
        '--json',
        '--pack-destination',
        project,
        '-w',
        '@perflens/conventions',
        '-w',
        '@perflens/instrument',
      ],
      { cwd: repositoryRoot, env, maxBuffer: 16 * 1024 * 1024 },
    );
    const tarballs = (JSON.parse(pack.stdout) as Array<{ filename: string }>).map((t) => `./${t.filename}`);
    await writeFile(
      path.join(project, 'package.json'),
      JSON.stringify({ name: JOB, version: '1.0.0', private: true }, null, 2),
    );
    const [express, pg] = await Promise.all([repositoryVersionOf('express'), repositoryVersionOf('pg')]);
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        ...tarballs,
        `express@${express}`,
        `pg@${pg}`,
      ],
      { cwd: project, env, maxBuffer: 16 * 1024 * 1024 },
    );

    // Steps 2 and 3: the service and its SLO file.
    await writeFile(path.join(project, 'server.js'), serviceScript);
    await writeFile(path.join(project, 'slo.yaml'), sloFile);

    const { connectionString } = await sharedPostgres();
    const { Client } = await import('pg');
    const admin = new Client({ connectionString });
    await admin.connect();
    await admin.query("CREATE TABLE carts (id int PRIMARY KEY, total numeric, status text DEFAULT 'open')");
    await admin.query('INSERT INTO carts (id, total) SELECT g, g FROM generate_series(1, 50) g');
    await admin.end();

    service = spawn(process.execPath, ['server.js'], {
      cwd: project,
      env: { PATH: process.env.PATH, DATABASE_URL: connectionString },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      service!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n')[0];
        if (output.includes('\n')) resolve((JSON.parse(line!) as { port: number }).port);
      });
      service!.once('exit', (code) =>
        reject(new Error(`the service exited with ${String(code)} before listening`)),
      );
    });
    serviceUrl = `http://127.0.0.1:${port}`;

    // Step 4: Prometheus scrapes the service under its job.
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: JOB, static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
      },
    });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await prometheus?.stop();
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service!.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('installs the library from its tarball into the service, not from the repository', async () => {
    const { stdout } = await run(process.execPath, ['-p', "require.resolve('@perflens/instrument')"], {
      cwd: project,
    });
    expect(stdout.trim().startsWith(path.join(project, 'node_modules', '@perflens', 'instrument'))).toBe(
      true,
    );
  });

  it("takes traffic, is scraped under its job with its routes' statements, and passes perflens analyze", async () => {
    // Step 5: traffic, until Prometheus has the route statements of both routes.
    const traffic = async (): Promise<void> => {
      for (let id = 1; id <= 20; id++) await (await fetch(`${serviceUrl}/api/carts/${id}`)).arrayBuffer();
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${serviceUrl}/api/checkout`, { method: 'POST' });
        expect(response.status).toBe(201);
      }
    };
    await traffic();
    const statements = await prometheus!.waitFor(
      `sum by (http_route, db_client_connection_pool_name) (perflens_route_statement_calls_total{job="${JOB}"})`,
      (r) => r.length === 2,
      { timeoutMs: 30_000 },
    );
    expect(
      statements.map((s) => `${s.metric.http_route} ${s.metric.db_client_connection_pool_name}`).sort(),
    ).toEqual(['/api/carts/:id main', '/api/checkout main']);
    const texts = await prometheus!.waitFor(
      `perflens_db_statement_info{job="${JOB}"}`,
      (r) => r.length === 2,
      {
        timeoutMs: 30_000,
      },
    );
    expect(texts.map((t) => t.metric.db_query_text).sort()).toEqual([
      'SELECT id, total FROM carts WHERE id = $1',
      'UPDATE carts SET total = total + $1 WHERE id = $2 AND status = $3',
    ]);
    await traffic(); // a second scrape's worth, so rates have two samples

    // Step 6: the repository's perflens analyze, with the service's job and SLO file.
    await prometheus!.waitFor(
      `sum(increase(http_server_request_duration_seconds_count{job="${JOB}"}[1m]))`,
      (r) => r.length === 1 && Number(r[0]!.value[1]) > 0,
      { timeoutMs: 30_000 },
    );
    const slo = path.join(project, 'slo.yaml');
    const table = await perflensAnalyze(
      project,
      '--prometheus',
      prometheus!.url,
      '--job',
      JOB,
      '--slo',
      slo,
      '--range',
      '5m',
    );
    expect({ code: table.code, stderr: table.stderr }).toEqual({ code: 0, stderr: '' });
    expect(table.stdout.split('\n')[0]).toMatch(new RegExp(`^${JOB}, 5m up to .*: \\d+ findings? `));
    // Without --job, analyze takes the job of the SLO file's only service: the report's job proves the
    // service's own SLO file was read (the report does not print the file's path).
    const json = await perflensAnalyze(
      project,
      '--prometheus',
      prometheus!.url,
      '--slo',
      slo,
      '--range',
      '5m',
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { scope: { job: string } }).scope.job).toBe(JOB);
  });
});

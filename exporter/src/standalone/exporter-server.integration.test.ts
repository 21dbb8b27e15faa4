import {
  startPostgres,
  startPrometheus,
  type PostgresInstance,
  type PrometheusInstance,
} from '@perflens/test-harness';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadExporterConfig } from './exporter-config';
import { startExporterServer, type RunningExporter } from './exporter-server';

const TOKEN = 'integration-test-token-0123456789';

/**
 * The whole exporter as users run it: config file → server, a real PostgreSQL with a workload, and a
 * real Prometheus scraping /metrics every second with a bearer token.
 */
describe('perflens exporter scraped by Prometheus', () => {
  let postgres: PostgresInstance;
  let prometheus: PrometheusInstance;
  let exporter: RunningExporter;
  let dir: string;

  beforeAll(async () => {
    postgres = await startPostgres();
    const dsn = await postgres.createDatabase('shop');
    const client = new Client({ connectionString: dsn });
    await client.connect();
    await client.query('CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int, total numeric)');
    await client.query('INSERT INTO orders SELECT g, g % 100, g FROM generate_series(1, 5000) g');
    for (let i = 0; i < 10; i++)
      await client.query('SELECT count(*) FROM orders WHERE customer_id = $1', [i]);
    await client.end();

    dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-exporter-'));
    writeFileSync(path.join(dir, 'dsn'), dsn);
    writeFileSync(path.join(dir, 'token'), TOKEN);
    const configFile = path.join(dir, 'perflens.yaml');
    writeFileSync(
      configFile,
      [
        'server: { host: 127.0.0.1, port: 0, metricsBearerTokenFile: token }',
        'logging: { level: silent }',
        'postgres: { databases: [ { dsnFile: dsn } ], timeoutSeconds: 3 }',
        'rum: { allowedOrigins: ["https://shop.example"], pages: [ { pattern: "/products/:id" } ] }',
      ].join('\n'),
    );
    exporter = await startExporterServer(loadExporterConfig(configFile, {}), pino({ level: 'silent' }));
    writeFileSync(path.join(dir, 'scrape-token'), TOKEN);
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [
          {
            job_name: 'perflens-exporter',
            authorization: { credentials_file: path.join(dir, 'scrape-token') },
            static_configs: [{ targets: [`127.0.0.1:${exporter.port}`] }],
          },
        ],
      },
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
    await postgres?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const has = (expr: string) => prometheus.waitFor(expr, (r) => r.length > 0);
  const valueOf = async (expr: string) => Number((await has(expr))[0]!.value[1]);

  it.each([
    ['the scrape itself succeeds with the token', 'up{job="perflens-exporter"} == 1'],
    ['PostgreSQL is up', 'pg_up{datname="shop"} == 1'],
    [
      'the sequentially scanned table shows its scans',
      'pg_stat_user_tables_seq_scan{datname="shop",relname="orders"} >= 10',
    ],
    ['top statements carry calls by queryid', 'pg_stat_statements_calls_total{datname="shop"} >= 10'],
    [
      'CPU time by mode, including iowait and steal',
      'count(node_cpu_seconds_total{mode=~"iowait|steal"}) > 0',
    ],
    ['node-mixin CPU utilisation works on it', 'sum(rate(node_cpu_seconds_total{mode!="idle"}[5s])) >= 0'],
    [
      'memory available is a share of total',
      'node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes < 1',
    ],
    ['every collector succeeds', 'min(perflens_exporter_collector_success) == 1'],
    ['file descriptors for the alert rules', 'node_filefd_allocated > 0 and node_filefd_maximum > 0'],
    ["the exporter's own process metrics", 'process_resident_memory_bytes > 0'],
  ])('Prometheus sees that %s', async (_title, expr) => {
    await has(expr);
  });

  it('reports plausible values: boot time before now, load not negative, a cache hit ratio within 0-1', async () => {
    const now = Date.now() / 1000;
    expect(await valueOf('node_boot_time_seconds')).toBeLessThan(now);
    expect(await valueOf('node_load1')).toBeGreaterThanOrEqual(0);
    const hitRatio = await valueOf(
      'pg_stat_database_blks_hit{datname="shop"} / (pg_stat_database_blks_hit{datname="shop"} + pg_stat_database_blks_read{datname="shop"})',
    );
    expect(hitRatio).toBeGreaterThan(0);
    expect(hitRatio).toBeLessThanOrEqual(1);
  });

  it('keeps serving through a PostgreSQL outage and reconnects by itself', async () => {
    await postgres.pause();
    await has('pg_up{datname="shop"} == 0');
    await has('perflens_exporter_collector_success{collector="postgres/shop"} == 0');
    // Other metrics are still scraped fresh while the database is down.
    await has('perflens_exporter_collector_success{collector="host"} == 1');
    await has('timestamp(node_time_seconds) > time() - 5');
    await has('absent(pg_stat_user_tables_seq_scan{datname="shop"})');
    await postgres.resume();
    await has('pg_up{datname="shop"} == 1');
    await has('pg_stat_user_tables_seq_scan{datname="shop",relname="orders"} >= 10');
  });

  // promtool check metrics parses the Prometheus text format only (OpenMetrics counter families read to
  // it as metrics without help). The OpenMetrics rendering is what Prometheus negotiates for every
  // scrape in this suite, so the tests above exercise that format end to end.
  it('passes promtool check metrics, except for the lint on names kept for upstream compatibility', async () => {
    const response = await fetch(`${exporter.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const check = spawnSync('promtool', ['check', 'metrics'], {
      input: await response.text(),
      encoding: 'utf8',
    });
    const findings = `${check.stdout}${check.stderr}`.split('\n').filter((line) => line.trim() !== '');
    // node_exporter's meminfo names and postgres_exporter's *_count gauges draw the same lint on the
    // upstream exporters' own output; renaming them would break the dashboards and alerts that use them.
    const camelCase = "metric names should be written in 'snake_case' not 'camelCase'";
    const countSuffix = 'non-histogram and non-summary metrics should not have "_count" suffix';
    expect(findings.sort()).toEqual(
      [
        ...['CommitLimit', 'MemAvailable', 'MemFree', 'MemTotal', 'SwapCached', 'SwapFree', 'SwapTotal'].map(
          (field) => `node_memory_${field}_bytes ${camelCase}`,
        ),
        ...[
          'pg_locks_count',
          'pg_stat_activity_count',
          'pg_stat_user_tables_analyze_count',
          'pg_stat_user_tables_autoanalyze_count',
          'pg_stat_user_tables_autovacuum_count',
          'pg_stat_user_tables_vacuum_count',
        ].map((name) => `${name} ${countSuffix}`),
      ].sort(),
    );
  });

  it.each([
    ['/healthz', undefined, 200, 'text/plain; charset=utf-8'],
    ['/readyz', undefined, 200, 'text/plain; charset=utf-8'],
    ['/rum.js', undefined, 200, 'text/javascript; charset=utf-8'],
    ['/rum.mjs', undefined, 200, 'text/javascript; charset=utf-8'],
    ['/metrics', undefined, 401, 'text/plain; charset=utf-8'],
    ['/metrics', `Bearer ${TOKEN}`, 200, 'text/plain; version=0.0.4; charset=utf-8'],
  ])('answers GET %s (authorization %s) with %i', async (route, authorization, status, contentType) => {
    const response = await fetch(`${exporter.url}${route}`, {
      headers: authorization ? { authorization } : {},
    });
    expect([response.status, response.headers.get('content-type')]).toEqual([status, contentType]);
  });

  it('records a beacon posted to /rum as a web-vitals histogram', async () => {
    const body = JSON.stringify({
      page: 'https://shop.example/products/7',
      metrics: [{ name: 'INP', value: 180, id: 'v5-it-1' }],
    });
    const response = await fetch(`${exporter.url}/rum`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain', origin: 'https://shop.example' },
    });
    expect(response.status).toBe(202);
    await has('perflens_web_vitals_inp_seconds_bucket{page="/products/:id",le="0.2"} == 1');
  });
});

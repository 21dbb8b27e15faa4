import { sharedPostgres, startPrometheus, type PrometheusInstance } from '@perflens/test-harness';
import express from 'express';
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { instrument } from './instrument';

/**
 * The whole path a user relies on: an instrumented Express 5 app doing real queries on a real
 * PostgreSQL, scraped by a real Prometheus at a 1 s interval.
 */
describe('instrumented Express app scraped by Prometheus', () => {
  let pool: Pool;
  let server: Server;
  let prometheus: PrometheusInstance;
  let appUrl: string;

  const sent = { itemById: 10, itemList: 4, createItem: 3, health: 7, missing: 2 };

  beforeAll(async () => {
    const { connectionString } = await sharedPostgres();
    pool = new Pool({ connectionString, max: 4 });
    await pool.query('CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)');
    await pool.query("INSERT INTO items (name) SELECT 'item ' || g FROM generate_series(1, 200) g");

    const app = express();
    instrument({ app, pool });
    app.use(express.json());
    const items = express.Router();
    items.get('/:id', async (req, res) => {
      const { rows } = await pool.query('SELECT id, name FROM items WHERE id = $1', [req.params.id]);
      res.json(rows[0] ?? null);
    });
    items.get('/', async (_req, res) => {
      // Two queries per request: the per-route query count must say 2 per request.
      const { rows } = await pool.query('SELECT id FROM items ORDER BY id LIMIT 5');
      const { rows: names } = await pool.query('SELECT name FROM items WHERE id = ANY($1)', [
        rows.map((r) => r.id),
      ]);
      res.json(names);
    });
    items.post('/', async (req, res) => {
      const client = await pool.connect();
      try {
        await client.query('INSERT INTO items (name) VALUES ($1)', [String(req.body.name)]);
        res.status(201).end();
      } finally {
        client.release();
      }
    });
    app.use('/api/items', items);
    app.get('/health', (_req, res) => void res.send('ok'));

    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: 'demo', static_configs: [{ targets: [new URL(appUrl).host] }] }],
      },
    });

    const requests: Array<Promise<Response>> = [];
    for (let i = 1; i <= sent.itemById; i++) requests.push(fetch(`${appUrl}/api/items/${i}`));
    for (let i = 0; i < sent.itemList; i++) requests.push(fetch(`${appUrl}/api/items`));
    for (let i = 0; i < sent.createItem; i++) {
      requests.push(
        fetch(`${appUrl}/api/items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `new ${i}` }),
        }),
      );
    }
    for (let i = 0; i < sent.health; i++) requests.push(fetch(`${appUrl}/health`));
    for (let i = 0; i < sent.missing; i++) requests.push(fetch(`${appUrl}/nothing/here/${i}`));
    for (const response of await Promise.all(requests)) await response.arrayBuffer();
  });

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await pool?.end();
  });

  async function valueOf(expr: string): Promise<number> {
    const result = await prometheus.waitFor(expr, (r) => r.length === 1, { timeoutMs: 30_000 });
    return Number(result[0]!.value[1]);
  }

  it.each([
    ['GET', '/api/items/:id', '200', sent.itemById],
    ['GET', '/api/items', '200', sent.itemList],
    ['POST', '/api/items', '201', sent.createItem],
    ['GET', '/health', '200', sent.health],
    ['GET', 'unmatched', '404', sent.missing],
  ])('counts every %s %s (%s) request that was sent', async (method, route, status, count) => {
    const expr = `http_server_request_duration_seconds_count{job="demo",http_request_method="${method}",http_route="${route}",http_response_status_code="${status}"}`;
    const result = await prometheus.waitFor(expr, (r) => r.length === 1 && Number(r[0]!.value[1]) === count, {
      timeoutMs: 30_000,
    });
    expect(Number(result[0]!.value[1])).toBe(count);
  });

  it.each([
    ['GET', '/api/items/:id', sent.itemById],
    ['GET', '/api/items', sent.itemList * 2],
    ['POST', '/api/items', sent.createItem],
    ['GET', '/health', 0],
  ])('counts the database queries of %s %s', async (method, route, queries) => {
    expect(
      await valueOf(
        `perflens_http_route_db_queries_total{http_request_method="${method}",http_route="${route}"}`,
      ),
    ).toBe(queries);
  });

  it('records database time above zero exactly for the routes that query', async () => {
    const result = await prometheus.waitFor('perflens_http_route_db_seconds_total', (r) => r.length >= 4, {
      timeoutMs: 30_000,
    });
    const byRoute = Object.fromEntries(
      result.map((r) => [`${r.metric.http_request_method} ${r.metric.http_route}`, Number(r.value[1])]),
    );
    expect(byRoute['GET /health']).toBe(0);
    expect(byRoute['GET /api/items/:id']).toBeGreaterThan(0);
    expect(byRoute['GET /api/items']).toBeGreaterThan(0);
    expect(byRoute['POST /api/items']).toBeGreaterThan(0);
  });

  it.each([
    ['SELECT', 'items', sent.itemById + sent.itemList * 2],
    ['INSERT', 'items', sent.createItem],
  ])('labels %s queries on %s by operation and table', async (operation, table, count) => {
    const expr = `sum(db_client_operation_duration_seconds_count{db_system_name="postgresql",db_operation_name="${operation}",db_collection_name="${table}",error_type=""})`;
    const result = await prometheus.waitFor(expr, (r) => r.length === 1 && Number(r[0]!.value[1]) >= count, {
      timeoutMs: 30_000,
    });
    // The table set-up queries also ran through the pool, so at least the requests' queries are there.
    expect(Number(result[0]!.value[1])).toBeGreaterThanOrEqual(count);
  });

  it('exposes the pool gauges with the pool size', async () => {
    expect(await valueOf('db_client_connection_max{db_client_connection_pool_name="default"}')).toBe(4);
    expect(await valueOf('count(db_client_connection_count{db_client_connection_pool_name="default"})')).toBe(
      2,
    );
    expect(
      await valueOf('db_client_connection_wait_time_seconds_count{db_client_connection_pool_name="default"}'),
    ).toBeGreaterThan(0);
  });

  it('passes promtool check metrics with one known remark, on the contract name db_client_connection_count', async () => {
    const exposition = await (await fetch(`${appUrl}/metrics`)).text();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
    // OpenTelemetry's db.client.connection.count becomes db_client_connection_count in Prometheus: metric
    // names follow the OTel semantic conventions as Prometheus spells them, and the rules, dashboards and
    // analysis read this one. promtool's lint mistakes its suffix for a histogram's. Nothing else may be
    // reported.
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({
      status: 3,
      output:
        'db_client_connection_count non-histogram and non-summary metrics should not have "_count" suffix\n',
    });
  });

  it('serves OpenMetrics to Prometheus, which scraped it (up == 1)', async () => {
    expect(await valueOf('up{job="demo"}')).toBe(1);
  });
});

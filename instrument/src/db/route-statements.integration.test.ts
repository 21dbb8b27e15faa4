import { sharedPostgres } from '@perflens/test-harness';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';
import { instrument } from '../instrument/instrument';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric in a Prometheus text exposition (labels without escapes, as ours are). */
function samplesOf(exposition: string, metric: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const close = line.lastIndexOf('}');
    const labels = Object.fromEntries(
      [...line.slice(metric.length + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1]!,
        m[2]!.replace(/\\"/g, '"').replace(/\\\\/g, '\\'),
      ]),
    );
    samples.push({ labels, value: Number(line.slice(close + 1).trim()) });
  }
  return samples;
}

/**
 * Per-route statements through the public API: an Express app with two named pools on a real
 * PostgreSQL; each route's statements are counted under its own route, statement and pool, the texts are
 * pg_stat_statements' normalized texts, and a route's statements past the cap fold into `__overflow__`.
 */
describe('statements per route (real PostgreSQL, real HTTP)', () => {
  let main: Pool;
  let reporting: Pool;
  let admin: Client;
  let server: Server;
  let appUrl: string;

  beforeAll(async () => {
    const { connectionString } = await sharedPostgres();
    admin = new Client({ connectionString });
    await admin.connect();
    await admin.query('CREATE TABLE orders (id int PRIMARY KEY, total numeric, status text)');
    await admin.query(
      "INSERT INTO orders SELECT g, g * 1.5, CASE WHEN g % 2 = 0 THEN 'paid' ELSE 'open' END FROM generate_series(1, 100) g",
    );
    main = new Pool({ connectionString, max: 2 });
    reporting = new Pool({ connectionString, max: 1 });

    const app = express();
    instrument({ app, pools: { main, reporting }, maxStatementsPerRoute: 3, defaultMetrics: false });
    app.get('/orders/:id', async (req, res) => {
      const { rows } = await main.query('SELECT id, total FROM orders WHERE id = $1', [req.params.id]);
      res.json(rows[0] ?? null);
    });
    app.get('/report', async (_req, res) => {
      // A literal inlined on purpose: the label must carry $1, never 'paid'.
      const { rows } = await reporting.query(
        "SELECT status, sum(total) FROM orders WHERE status = 'paid' GROUP BY status",
      );
      await main.query('SELECT count(*) FROM orders');
      res.json(rows);
    });
    app.get('/many', async (_req, res) => {
      // Six distinct statements on a route capped at three: the LIMIT one is one statement (its
      // literal normalized), the other has one more `AND true` each time.
      for (let limit = 1; limit <= 5; limit++) {
        await main.query(`SELECT id FROM orders ORDER BY id LIMIT ${limit}`);
        await main.query(`SELECT id FROM orders WHERE id < ${limit} ${'AND true '.repeat(limit)}`);
      }
      res.end();
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    for (let id = 1; id <= 4; id++) expect((await fetch(`${appUrl}/orders/${id}`)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await fetch(`${appUrl}/report`)).status).toBe(200);
    expect((await fetch(`${appUrl}/many`)).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await Promise.all([main?.end(), reporting?.end(), admin?.end()]);
  });

  const scrape = async (): Promise<string> => (await fetch(`${appUrl}/metrics`)).text();

  it("counts each route's statements under the route, the statement and the pool", async () => {
    const metrics = await scrape();
    const texts = new Map(
      samplesOf(metrics, 'perflens_db_statement_info').map((s) => [
        s.labels.db_statement_fingerprint!,
        s.labels.db_query_text!,
      ]),
    );
    const calls = samplesOf(metrics, 'perflens_route_statement_calls_total')
      .filter((s) => s.labels.http_route !== '/many')
      .map((s) => ({
        route: s.labels.http_route,
        pool: s.labels.db_client_connection_pool_name,
        text: texts.get(s.labels.db_statement_fingerprint!),
        calls: s.value,
      }))
      .sort((a, b) => `${a.route}${a.text}`.localeCompare(`${b.route}${b.text}`));
    expect(calls).toEqual([
      { route: '/orders/:id', pool: 'main', text: 'SELECT id, total FROM orders WHERE id = $1', calls: 4 },
      { route: '/report', pool: 'main', text: 'SELECT count(*) FROM orders', calls: 3 },
      {
        route: '/report',
        pool: 'reporting',
        text: 'SELECT status, sum(total) FROM orders WHERE status = $1 GROUP BY status',
        calls: 3,
      },
    ]);
    expect(metrics).not.toContain("'paid'");
    const seconds = samplesOf(metrics, 'perflens_route_statement_duration_seconds_total');
    expect(seconds.length).toBeGreaterThan(0);
    for (const sample of seconds) expect(sample.value).toBeGreaterThan(0);
  });

  it("folds a route's statements past maxStatementsPerRoute into __overflow__ and counts them", async () => {
    const metrics = await scrape();
    const many = samplesOf(metrics, 'perflens_route_statement_calls_total').filter(
      (s) => s.labels.http_route === '/many',
    );
    const admitted = many.filter((s) => s.labels.db_statement_fingerprint !== '__overflow__');
    const overflow = many.filter((s) => s.labels.db_statement_fingerprint === '__overflow__');
    expect(admitted).toHaveLength(3);
    expect(overflow).toEqual([
      {
        labels: {
          http_request_method: 'GET',
          http_route: '/many',
          db_client_connection_pool_name: 'main',
          db_statement_fingerprint: '__overflow__',
        },
        value: 3,
      },
    ]);
    // Route totals stay right: 10 queries on the route, 3 kept statements (7 calls) and the overflow.
    expect(many.reduce((sum, s) => sum + s.value, 0)).toBe(10);
    const dropped = samplesOf(metrics, 'perflens_metric_series_dropped_total').find(
      (s) => s.labels.metric === 'perflens_route_statement_calls_total',
    );
    expect(dropped?.value).toBe(3);
  });

  // Last: it sends more requests.
  it("joins pg_stat_statements by text: every route statement's text is the database's own", async () => {
    const metrics = await scrape();
    const routeTexts = samplesOf(metrics, 'perflens_db_statement_info').map((s) => s.labels.db_query_text);
    expect(routeTexts.length).toBeGreaterThanOrEqual(5);
    // Polled, with one more round of the requests each time: another test file sharing the cluster may
    // reset pg_stat_statements of every database at any moment.
    let databaseTexts = new Set<string>();
    for (let attempt = 1; attempt <= 5; attempt++) {
      for (const path of ['/orders/1', '/report', '/many']) await (await fetch(appUrl + path)).arrayBuffer();
      const { rows } = await admin.query<{ query: string }>(
        `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      databaseTexts = new Set(rows.map((r) => r.query));
      if (routeTexts.every((text) => databaseTexts.has(text!))) break;
    }
    for (const text of routeTexts) expect(databaseTexts).toContain(text);
  });
});

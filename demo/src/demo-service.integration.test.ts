import { Client } from 'pg';
import { useService, useSharedPostgres } from '@perflens/test-harness';
import { BOTTLENECK_NAMES, type BottleneckName } from './bottlenecks/bottleneck-catalogue';
import { seedDatabase } from './database/seed-database';
import { startDemoService } from './demo-service';
import { scrape, sumSamples } from '../test/metric-samples';
import { Pool } from 'pg';

const ADMIN_TOKEN = 'demo-admin-token-for-tests';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('demo service on a real PostgreSQL', () => {
  const database = useSharedPostgres();
  const demo = useService('demo', () =>
    startDemoService({
      databaseUrl: database().connectionString,
      adminToken: ADMIN_TOKEN,
      scale: 0.02,
      poolMax: 4,
      exporterUrl: 'http://127.0.0.1:9464',
    }),
  );

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${demo().url}${path}`, { headers });
  const hit = async (path: string, times: number, parallel = false) => {
    const one = async () => void (await (await get(path, { 'accept-encoding': 'gzip' })).arrayBuffer());
    if (parallel) await Promise.all(Array.from({ length: times }, one));
    else for (let i = 0; i < times; i++) await one();
  };
  const setSwitch = async (name: BottleneckName, enabled: boolean) => {
    const response = await fetch(`${demo().url}/admin/bottlenecks/${name}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled }),
    });
    expect(response.status).toBe(200);
  };

  it('seeds the four tables with pinned sizes once, and skips a second seed of the same scale', async () => {
    const client = new Client({ connectionString: database().connectionString });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM products)::int AS products,
                (SELECT count(*) FROM orders WHERE id <= 4000)::int AS orders,
                (SELECT count(*) FROM order_items WHERE order_id <= 4000)::int AS order_items`,
      );
      expect(rows[0]).toEqual({ customers: 1000, products: 200, orders: 4000, order_items: 12000 });
    } finally {
      await client.end();
    }
    const pool = new Pool({ connectionString: database().connectionString, max: 1 });
    try {
      expect(await seedDatabase(pool, 0.02)).toEqual({
        seeded: false,
        sizes: { customers: 1000, products: 200, orders: 4000, orderItems: 12000 },
      });
    } finally {
      await pool.end();
    }
  });

  it.each([
    ['the shop page', '/', 200, 'src="http://127.0.0.1:9464/rum.js" data-page="/"'],
    ['liveness', '/healthz', 200, '{"status":"ok"}'],
    ['readiness, which queries the database', '/readyz', 200, '{"status":"ready"}'],
    ['a page of products', '/api/products?page=2', 200, '"page":2'],
    ['the latest orders with their items', '/api/orders', 200, '"items":[{'],
    ['one order', '/api/orders/17', 200, '"id":17'],
    ['an order that does not exist', '/api/orders/99999999', 404, 'order 99999999 not found'],
    ['the orders of a customer', '/api/customers/3/orders', 200, '"customerId":3'],
    ['the summary of a customer', '/api/customers/3/summary', 200, '"loyalty":{"score"'],
    ['the orders containing a product', '/api/products/5/orders', 200, '"productId":5'],
    ['a shipping quote from the downstream service', '/api/shipping/quote?country=FR', 200, '"country":"FR"'],
    ['Prometheus metrics', '/metrics', 200, 'http_server_request_duration_seconds_bucket'],
  ])('serves %s (GET %s)', async (_title, path, status, excerpt) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(excerpt);
  });

  it.each([
    ['creates an order', { customerId: 3, productId: 5, quantity: 2 }, 201, '"id":'],
    ['rejects a quantity out of range', { customerId: 3, productId: 5, quantity: 0 }, 400, 'quantity'],
    ['rejects a product that does not exist', { customerId: 3, productId: 999999 }, 400, 'product 999999'],
  ])('POST /api/orders %s', async (_title, body, status, excerpt) => {
    const response = await fetch(`${demo().url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(excerpt);
  });

  it.each([
    ['no token', 'GET', '/admin/bottlenecks', {}, undefined, 401, 'missing or wrong admin token'],
    ['a wrong token', 'GET', '/admin/bottlenecks', { authorization: 'Bearer nope' }, undefined, 401, 'wrong'],
    [
      'an unknown bottleneck',
      'PUT',
      '/admin/bottlenecks/slow-disk',
      auth,
      '{"enabled":true}',
      404,
      'unknown bottleneck "slow-disk"',
    ],
    [
      'a body without enabled',
      'PUT',
      '/admin/bottlenecks/cpu-bound',
      auth,
      '{"on":1}',
      400,
      '{"enabled": true}',
    ],
  ])('refuses an admin call with %s', async (_title, method, path, headers, body, status, excerpt) => {
    const response = await fetch(`${demo().url}${path}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toContain(excerpt);
  });

  it('lists every bottleneck, all off at start', async () => {
    const listing = (await (await get('/admin/bottlenecks', auth)).json()) as Array<{
      name: string;
      enabled: boolean;
    }>;
    expect(listing.map(({ name, enabled }) => [name, enabled])).toEqual(
      BOTTLENECK_NAMES.map((n) => [n, false]),
    );
  });

  /** A before/after difference of one number while `drive` runs. */
  const delta = async (read: () => Promise<number>, drive: () => Promise<void>) => {
    const before = await read();
    await drive();
    return (await read()) - before;
  };
  const metric =
    (name: string, labels: Record<string, string> = {}) =>
    async () =>
      sumSamples(await scrape(demo().url), name, labels);
  const slowerThan = (route: string, le: string) => async () => {
    const text = await scrape(demo().url);
    const labels = { http_route: route, http_request_method: 'GET' };
    return (
      sumSamples(text, 'http_server_request_duration_seconds_count', labels) -
      sumSamples(text, 'http_server_request_duration_seconds_bucket', { ...labels, le })
    );
  };

  type Measure = () => Promise<number>;
  const rows: Array<[string, BottleneckName, Measure, (value: number, on: boolean) => void]> = [
    [
      'n-plus-one makes GET /api/orders issue 21 queries per request instead of 1',
      'n-plus-one',
      async () =>
        (await delta(metric('perflens_http_route_db_queries_total', { http_route: '/api/orders' }), () =>
          hit('/api/orders', 5),
        )) / 5,
      (value, on) => expect(value).toBe(on ? 21 : 1),
    ],
    [
      'error-burst fails 10 of 20 order lookups with 503',
      'error-burst',
      () =>
        delta(
          metric('http_server_request_duration_seconds_count', {
            http_route: '/api/orders/:id',
            http_response_status_code: '503',
          }),
          () => hit('/api/orders/1', 20),
        ),
      (value, on) => expect(value).toBe(on ? 10 : 0),
    ],
    [
      'large-payload makes every product list response larger than 64 KiB',
      'large-payload',
      async () =>
        delta(
          async () => {
            const text = await scrape(demo().url);
            const labels = { http_route: '/api/products', http_request_method: 'GET' };
            return (
              sumSamples(text, 'http_server_response_body_size_bytes_count', labels) -
              sumSamples(text, 'http_server_response_body_size_bytes_bucket', { ...labels, le: '65536' })
            );
          },
          () => hit('/api/products', 3),
        ),
      (value, on) => expect(value).toBe(on ? 3 : 0),
    ],
    [
      'slow-downstream makes every shipping quote slower than 250 ms',
      'slow-downstream',
      () => delta(slowerThan('/api/shipping/quote', '0.25'), () => hit('/api/shipping/quote', 3)),
      (value, on) => expect(value).toBe(on ? 3 : 0),
    ],
    [
      'cpu-bound makes every customer summary slower than 100 ms',
      'cpu-bound',
      () => delta(slowerThan('/api/customers/:id/summary', '0.1'), () => hit('/api/customers/2/summary', 3)),
      (value, on) => expect(value).toBe(on ? 3 : 0),
    ],
    [
      'pool-exhaustion makes the 8 requests beyond the pool of 4 wait more than 100 ms for a connection',
      'pool-exhaustion',
      async () =>
        delta(
          async () => {
            const text = await scrape(demo().url);
            return (
              sumSamples(text, 'db_client_connection_wait_time_seconds_count') -
              sumSamples(text, 'db_client_connection_wait_time_seconds_bucket', { le: '0.1' })
            );
          },
          () => hit('/api/orders/2', 12, true),
        ),
      (value, on) => (on ? expect(value).toBeGreaterThanOrEqual(8) : expect(value).toBe(0)),
    ],
    [
      'missing-index makes the customer orders query read every page of orders',
      'missing-index',
      () => blocksPerCallOverTablePages(database().connectionString, () => hit('/api/customers/4/orders', 4)),
      // With the index: a few index and heap pages. Without: a sequential scan reads each page once (plus
      // the odd page of rows appended by POST /api/orders while the test runs).
      (value, on) => (on ? expect(value).toBeGreaterThanOrEqual(1) : expect(value).toBeLessThan(0.25)),
    ],
  ];

  it.each(rows)('%s, and shows nothing of the kind when off', async (_title, name, measure, check) => {
    await setSwitch(name, true);
    try {
      check(await measure(), true);
    } finally {
      await setSwitch(name, false);
    }
    check(await measure(), false);
  });
});

/** Buffer pages the customer-orders statement touched per call, as a share of the pages of orders. */
async function blocksPerCallOverTablePages(
  connectionString: string,
  drive: () => Promise<void>,
): Promise<number> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const read = async () => {
      const { rows } = await client.query<{ calls: string; blocks: string; pages: string }>(
        `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(shared_blks_hit + shared_blks_read), 0) AS blocks,
                pg_relation_size('orders') / current_setting('block_size')::int AS pages
         FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query LIKE 'SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = $1%'`,
      );
      return {
        calls: Number(rows[0]!.calls),
        blocks: Number(rows[0]!.blocks),
        pages: Number(rows[0]!.pages),
      };
    };
    const before = await read();
    await drive();
    const after = await read();
    return (after.blocks - before.blocks) / (after.calls - before.calls) / after.pages;
  } finally {
    await client.end();
  }
}

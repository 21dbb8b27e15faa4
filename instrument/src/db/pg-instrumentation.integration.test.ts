import { sharedPostgres } from '@perflens/test-harness';
import { Client, Pool, Query } from 'pg';
import { Registry } from 'prom-client';
import { CardinalityGuard } from '../cardinality/cardinality-guard';
import { DB_OPERATION_DURATION } from '@perflens/conventions';
import { registerDbClientMetrics } from './db-metrics';
import { instrumentPgClient, instrumentPgPool, type PgPoolLike } from './pg-instrumentation';
import { RequestDbTimeStore, type RequestDbTime } from './request-db-time';

type Labels = Record<string, string>;

function setup() {
  const registry = new Registry();
  const context = {
    metrics: registerDbClientMetrics(registry),
    guard: new CardinalityGuard({ registry, maxSeriesPerMetric: 100 }),
    dbTime: new RequestDbTimeStore(),
  };
  const operationCount = async (labels: Labels): Promise<number> => {
    const metric = await registry.getSingleMetric(DB_OPERATION_DURATION)!.get();
    const match = metric.values.find(
      (v) =>
        (v as { metricName?: string }).metricName === `${DB_OPERATION_DURATION}_count` &&
        Object.entries(labels).every(([k, value]) => v.labels[k] === value),
    );
    return match?.value ?? 0;
  };
  return { registry, context, operationCount };
}

describe('pg instrumentation against a real PostgreSQL', () => {
  let connectionString: string;

  beforeAll(async () => {
    ({ connectionString } = await sharedPostgres());
    const client = new Client({ connectionString });
    await client.connect();
    await client.query('CREATE TABLE widgets (id int PRIMARY KEY, name text)');
    await client.query("INSERT INTO widgets SELECT g, 'w' || g FROM generate_series(1, 50) g");
    await client.end();
  });

  it.each([
    ['a promise query', (c: Client) => c.query('SELECT name FROM widgets WHERE id = $1', [1])],
    [
      'a callback query',
      (c: Client) =>
        new Promise<void>((resolve, reject) =>
          c.query('SELECT name FROM widgets WHERE id = $1', [2], (error) =>
            error ? reject(error) : resolve(),
          ),
        ),
    ],
    [
      'a submittable query',
      (c: Client) =>
        new Promise<void>((resolve, reject) => {
          const query = c.query(new Query('SELECT name FROM widgets WHERE id = 3'));
          query.on('end', () => resolve());
          query.on('error', reject);
        }),
    ],
  ])('times %s of a standalone Client under its operation and table', async (_title, run) => {
    const { context, operationCount } = setup();
    const client = new Client({ connectionString });
    await client.connect();
    instrumentPgClient(client as never, context);
    try {
      await run(client);
    } finally {
      await client.end();
    }
    const labels = { db_operation_name: 'SELECT', db_collection_name: 'widgets', error_type: '' };
    expect(await operationCount(labels)).toBe(1);
  });

  it('labels a failed query with its SQLSTATE and rethrows the error unchanged', async () => {
    const { context, operationCount } = setup();
    const client = new Client({ connectionString });
    await client.connect();
    instrumentPgClient(client as never, context);
    await expect(client.query('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01' });
    await client.end();
    expect(await operationCount({ db_collection_name: 'no_such_table', error_type: '42P01' })).toBe(1);
  });

  it('counts every text of an operation and table in one series, apart from failures, across resetMetrics()', async () => {
    const { registry, context, operationCount } = setup();
    const client = new Client({ connectionString });
    await client.connect();
    instrumentPgClient(client as never, context);
    try {
      await client.query('SELECT name FROM widgets WHERE id = $1', [1]);
      await client.query('SELECT name FROM widgets WHERE id = $1', [2]);
      await client.query('SELECT id FROM widgets ORDER BY id LIMIT 1');
      await expect(client.query('SELECT no_such_column FROM widgets')).rejects.toMatchObject({
        code: '42703',
      });
      const succeeded = { db_operation_name: 'SELECT', db_collection_name: 'widgets', error_type: '' };
      expect(await operationCount(succeeded)).toBe(3);
      expect(await operationCount({ db_collection_name: 'widgets', error_type: '42703' })).toBe(1);

      // The series kept per statement were dropped with the registry's: the next query makes a new one.
      registry.resetMetrics();
      await client.query('SELECT name FROM widgets WHERE id = $1', [3]);
      expect(await operationCount(succeeded)).toBe(1);
      expect(await operationCount({ db_collection_name: 'widgets', error_type: '42703' })).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('attributes each query to the request that issued it, even when a busy pool hands a connection over', async () => {
    const { registry, context } = setup();
    const pool = new Pool({ connectionString, max: 1 });
    instrumentPgPool(pool as unknown as PgPoolLike, 'main', context);
    const runRequest = (queries: number): Promise<RequestDbTime> => {
      const requestTime = context.dbTime.create();
      return new Promise((resolve, reject) => {
        context.dbTime.run(requestTime, () => {
          void (async () => {
            for (let i = 0; i < queries; i++) await pool.query('SELECT pg_sleep(0.01), $1::int', [i]);
          })().then(() => resolve(requestTime), reject);
        });
      });
    };
    // With one connection, every request waits for the one before it to release the client.
    const results = await Promise.all([runRequest(1), runRequest(2), runRequest(3), runRequest(4)]);
    await pool.end();
    expect(results.map((r) => r.queries)).toEqual([1, 2, 3, 4]);
    for (const result of results) expect(result.seconds).toBeGreaterThan(0);

    const waits = await registry.getSingleMetric('db_client_connection_wait_time_seconds')!.get();
    const waitCount = waits.values.find((v) => (v as { metricName?: string }).metricName?.endsWith('_count'));
    expect(waitCount?.value).toBe(10);
  });

  it('reports pool sizes at scrape time', async () => {
    const { registry, context } = setup();
    const pool = new Pool({ connectionString, max: 3 });
    instrumentPgPool(pool as unknown as PgPoolLike, 'reporting', context);
    const held = await pool.connect();
    await pool.query('SELECT 1');
    const gauges = Object.fromEntries(
      (await registry.getMetricsAsJSON())
        .filter((m) => m.name.startsWith('db_client_connection_') && String(m.type) === 'gauge')
        .map((m) => [m.name, m.values.map((v) => `${v.labels.db_client_connection_state ?? ''}=${v.value}`)]),
    );
    held.release();
    await pool.end();
    expect(gauges).toEqual({
      db_client_connection_count: ['idle=1', 'used=1'],
      db_client_connection_max: ['=3'],
      db_client_connection_pending_requests: ['=0'],
    });
  });
});

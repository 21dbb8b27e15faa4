import { startPostgres, type PostgresInstance } from '@perflens/test-harness';
import { Client } from 'pg';
import { markPerflensQueries } from '@perflens/conventions';
import pino from 'pino';
import { Registry } from 'prom-client';
import { registerCollectorStatusMetrics } from '../collector-status-metrics';
import { registerPostgresCollector, type PostgresCollector } from './postgres-collector';

/** Collects pino's JSON lines so tests can pin what was logged. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('PostgreSQL collector against a real PostgreSQL 15', () => {
  let postgres: PostgresInstance;
  let dsn: string;
  let datname: string;
  let registry: Registry;
  let collector: PostgresCollector;
  let logs: ReturnType<typeof capturingLogger>;

  beforeAll(async () => {
    postgres = await startPostgres();
    dsn = await postgres.createDatabase('shop');
    datname = 'shop';
    const client = new Client({ connectionString: dsn });
    await client.connect();
    // A real workload: a table read only by sequential scans, and one read through its primary key.
    await client.query('CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int, total numeric)');
    await client.query('INSERT INTO orders SELECT g, g % 500, g * 1.5 FROM generate_series(1, 20000) g');
    await client.query('CREATE TABLE customers (id int PRIMARY KEY, name text)');
    await client.query("INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 500) g");
    await client.query('ANALYZE');
    // This database's statistics only: the cluster is shared with other test files running at the same time.
    await client.query(
      'SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)',
    );
    for (let i = 0; i < 25; i++)
      await client.query('SELECT sum(total) FROM orders WHERE customer_id = $1', [i]);
    for (let i = 1; i <= 40; i++) await client.query('SELECT name FROM customers WHERE id = $1', [i]);
    await client.end();
    // Perflens's own queries (the advisor's catalog reads, the exporter's scrapes) carry the marker.
    const own = markPerflensQueries(new Client({ connectionString: dsn }));
    await own.connect();
    for (let i = 0; i < 30; i++) await own.query('SELECT count(*) FROM orders WHERE total > $1', [i]);
    await own.end();
    // Table statistics reach pg_stat_* when the backend reports them, at the latest when it exits.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    logs = capturingLogger();
    registry = new Registry();
    collector = registerPostgresCollector(registry, {
      dsns: [dsn, postgres.connectionString('postgres')],
      timeoutMs: 5000,
      relationsLimit: 100,
      statementsLimit: 50,
      logger: logs.logger,
    });
    registerCollectorStatusMetrics(registry, collector.snapshots);
  });

  afterAll(async () => {
    await collector?.close();
    await postgres?.stop();
  });

  it('shows the sequentially scanned table with its scans and rows read', async () => {
    const text = await registry.metrics();
    const labels = `datname="${datname}",schemaname="public",relname="orders"`;
    expect(sample(text, `pg_stat_user_tables_seq_scan{${labels}}`)).toBeGreaterThanOrEqual(25);
    expect(sample(text, `pg_stat_user_tables_seq_tup_read{${labels}}`)).toBeGreaterThanOrEqual(25 * 20000);
    expect(sample(text, `pg_stat_user_tables_n_tup_ins{${labels}}`)).toBe(20000);
    expect(sample(text, `pg_stat_user_tables_table_size_bytes{${labels}}`)).toBeGreaterThan(8192);
  });

  it('shows index scans on the primary key that served the point lookups', async () => {
    const text = await registry.metrics();
    const series = `pg_stat_user_indexes_idx_scans_total{datname="${datname}",schemaname="public",relname="customers",indexrelname="customers_pkey"}`;
    expect(sample(text, series)).toBeGreaterThanOrEqual(40);
  });

  it('exports the top statements by queryid with their calls, their text only in the info metric', async () => {
    const text = await registry.metrics();
    const calls = text
      .split('\n')
      .filter((l) => l.startsWith(`pg_stat_statements_calls_total{datname="${datname}"`));
    const callCounts = calls.map((l) => Number(l.split(' ')[1]));
    expect(callCounts).toEqual(expect.arrayContaining([25, 40]));
    expect(calls.every((l) => /queryid="-?\d+"/.test(l))).toBe(true);
    const withText = text.split('\n').filter((l) => l.includes('FROM orders'));
    expect(withText).toEqual([
      expect.stringMatching(
        /^perflens_pg_statement_info\{datname="shop",queryid="-?\d+",query="SELECT sum\(total\) FROM orders WHERE customer_id = \$1"\} 1$/,
      ),
    ]);
  });

  it('leaves Perflens’s own statements out: the marked workload and its own scrapes', async () => {
    await registry.metrics();
    const text = await registry.metrics();
    const exported = new Set(
      [...text.matchAll(/^pg_stat_statements_calls_total\{datname="shop",queryid="(-?\d+)"\}/gm)].map(
        (m) => m[1],
      ),
    );
    const client = new Client({ connectionString: dsn });
    await client.connect();
    try {
      const own = await client.query<{ queryid: string; query: string }>(
        `SELECT queryid::text, query FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE '/* perflens */%'`,
      );
      // The marked workload and at least one scrape query are there to be left out.
      expect(own.rows.some((r) => r.query.includes('count(*) FROM orders'))).toBe(true);
      expect(own.rows.length).toBeGreaterThan(1);
      expect(own.rows.filter((r) => exported.has(r.queryid))).toEqual([]);
      expect(exported.size).toBeGreaterThanOrEqual(2);
    } finally {
      await client.end();
    }
  });

  it.each([
    ['the server is up', `pg_up{datname="shop"}`, 1],
    [
      'pg_stat_statements is available where the extension exists',
      `perflens_pg_stat_statements_available{datname="shop"}`,
      1,
    ],
    [
      'pg_stat_statements is missing in a database without the extension',
      `perflens_pg_stat_statements_available{datname="postgres"}`,
      0,
    ],
    ['max_connections', 'pg_settings_max_connections', 100],
    ['superuser_reserved_connections', 'pg_settings_superuser_reserved_connections', 3],
    ['shared_buffers in bytes', 'pg_settings_shared_buffers_bytes', 128 * 1024 * 1024],
    ['a primary is not a replica', 'pg_replication_is_replica', 0],
    ['a primary has no lag', 'pg_replication_lag_seconds', 0],
    ['unused lock modes are present as 0', `pg_locks_count{datname="shop",mode="AccessExclusiveLock"}`, 0],
    [
      'no session waits on a lock (0, not a missing series: averages over a range count quiet scrapes)',
      `perflens_pg_stat_activity_waiting_sessions{datname="shop",wait_event_type="Lock"}`,
      0,
    ],
    [
      'no connection is idle in an aborted transaction',
      `pg_stat_activity_count{datname="shop",state="idle in transaction (aborted)"}`,
      0,
    ],
    [
      'the collector for each database succeeded',
      `perflens_exporter_collector_success{collector="postgres/shop"}`,
      1,
    ],
  ])('reports that %s', async (_title, series, value) => {
    expect(sample(await registry.metrics(), series)).toBe(value);
  });

  it('says once in the log why pg_stat_statements is missing, naming the database', async () => {
    await registry.metrics();
    await registry.metrics();
    const warnings = logs.lines.filter((l) =>
      String(l.msg).startsWith('pg_stat_statements is not available'),
    );
    expect(warnings.map((l) => [l.datname, l.reason])).toEqual([
      [
        'postgres',
        'the pg_stat_statements extension is not installed in this database (CREATE EXTENSION pg_stat_statements)',
      ],
    ]);
  });

  it('survives an outage: pg_up 0 while the server is down, 1 again once it is back, without a restart', async () => {
    await postgres.pause();
    const during = await registry.metrics();
    expect(sample(during, 'pg_up{datname="shop"}')).toBe(0);
    expect(sample(during, 'perflens_exporter_collector_success{collector="postgres/shop"}')).toBe(0);
    expect(during).not.toContain('pg_stat_user_tables_seq_scan{');
    await postgres.resume();
    const after = await registry.metrics();
    expect(sample(after, 'pg_up{datname="shop"}')).toBe(1);
    expect(after).toContain('pg_stat_user_tables_seq_scan{');
    const messages = logs.lines.map((l) => l.msg);
    expect(messages).toContain('PostgreSQL scrape failed; pg_up is 0 until it succeeds again');
    expect(messages).toContain('PostgreSQL is reachable again');
  });
});

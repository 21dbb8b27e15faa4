import { startPostgres, type PostgresInstance } from '@perflens/test-harness';
import { Client } from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { registerCollectorStatusMetrics } from '../collector-status-metrics';
import { registerPostgresCollector, type PostgresCollector } from './postgres-collector';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** collector label → success value, for this database's collectors. */
function collectorSuccess(text: string, datname: string): Record<string, number> {
  const pattern = new RegExp(
    `^perflens_exporter_collector_success\\{collector="(postgres/${datname}[^"]*)"\\} (\\d+)$`,
  );
  return Object.fromEntries(
    text.split('\n').flatMap((line) => {
      const match = pattern.exec(line);
      return match ? [[match[1]!, Number(match[2])]] : [];
    }),
  );
}

/**
 * The migration case of the security review (issue 14, item 6): a session holding ACCESS EXCLUSIVE on a
 * table is not a database outage. Only the collector query that needs that table's lock fails.
 */
describe('PostgreSQL collector while another session holds ACCESS EXCLUSIVE on a table', () => {
  let postgres: PostgresInstance;
  let dsn: string;
  let registry: Registry;
  let collector: PostgresCollector;
  let migration: Client;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    dsn = await postgres.createDatabase('migrating');
    const setup = new Client({ connectionString: dsn });
    await setup.connect();
    await setup.query('CREATE TABLE orders (id bigint PRIMARY KEY, total numeric)');
    await setup.query('INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 1000) g');
    await setup.query('CREATE TABLE customers (id int PRIMARY KEY, name text)');
    await setup.end();

    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    registry = new Registry();
    collector = registerPostgresCollector(registry, {
      dsns: [dsn],
      timeoutMs: 5000,
      statementTimeoutMs: 3000,
      lockTimeoutMs: 1000,
      relationsLimit: 100,
      statementsLimit: 50,
      logger,
    });
    registerCollectorStatusMetrics(registry, collector.snapshots);
    migration = new Client({ connectionString: dsn });
    await migration.connect();
  });

  afterAll(async () => {
    await migration?.end().catch(() => undefined);
    await collector?.close();
    await postgres?.stop();
  });

  it('reports every collector query as succeeding before the lock', async () => {
    const text = await registry.metrics();
    expect(sample(text, 'pg_up{datname="migrating"}')).toBe(1);
    expect(collectorSuccess(text, 'migrating')).toEqual({
      'postgres/migrating': 1,
      'postgres/migrating/server': 1,
      'postgres/migrating/database': 1,
      'postgres/migrating/activity': 1,
      'postgres/migrating/locks': 1,
      'postgres/migrating/sessions': 1,
      'postgres/migrating/tables': 1,
      'postgres/migrating/indexes': 1,
      'postgres/migrating/statements': 1,
      'postgres/migrating/statement_text': 1,
    });
  });

  it('keeps pg_up 1 and fails only the tables query while the lock is held; the scrape completes', async () => {
    await migration.query('BEGIN');
    await migration.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');
    const started = performance.now();
    const text = await registry.metrics();
    const seconds = (performance.now() - started) / 1000;
    await migration.query('COMMIT');

    expect(sample(text, 'pg_up{datname="migrating"}')).toBe(1);
    expect(collectorSuccess(text, 'migrating')).toEqual({
      'postgres/migrating': 1,
      'postgres/migrating/server': 1,
      'postgres/migrating/database': 1,
      'postgres/migrating/activity': 1,
      'postgres/migrating/locks': 1,
      'postgres/migrating/sessions': 1,
      'postgres/migrating/tables': 0,
      'postgres/migrating/indexes': 1,
      'postgres/migrating/statements': 1,
      'postgres/migrating/statement_text': 1,
    });
    // The tables query's metrics are missing; the others' are there, including the lock itself.
    expect(text).not.toContain('pg_stat_user_tables_seq_scan{');
    expect(text).toContain(
      'pg_stat_user_indexes_size_bytes{datname="migrating",schemaname="public",relname="orders"',
    );
    expect(
      sample(text, 'pg_locks_count{datname="migrating",mode="AccessExclusiveLock"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pg_stat_database_xact_commit{datname="migrating"}')).toBeGreaterThan(0);
    // The failed query waited for its lock_timeout, no more: the whole scrape stayed inside its budget.
    expect(
      sample(text, 'perflens_exporter_collector_duration_seconds{collector="postgres/migrating/tables"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThan(5 + 3 + 2);
    const warning = lines.find((l) => l.collector === 'postgres/migrating/tables');
    expect(warning).toMatchObject({
      level: 40,
      datname: 'migrating',
      msg: 'PostgreSQL collector query failed; its metrics are missing until it succeeds (pg_up is not affected)',
      reason: 'canceling statement due to lock timeout',
    });
    expect(lines.map((l) => l.msg)).not.toContain(
      'PostgreSQL scrape failed; pg_up is 0 until it succeeds again',
    );
  });

  it('reports the tables again on the first scrape after the lock is released, without reconnecting', async () => {
    const text = await registry.metrics();
    expect(collectorSuccess(text, 'migrating')['postgres/migrating/tables']).toBe(1);
    expect(
      sample(
        text,
        'pg_stat_user_tables_n_live_tup{datname="migrating",schemaname="public",relname="orders"}',
      ),
    ).toBeDefined();
    expect(
      lines.filter((l) => l.msg === 'PostgreSQL collector query succeeds again').map((l) => l.collector),
    ).toEqual(['postgres/migrating/tables']);
  });
});

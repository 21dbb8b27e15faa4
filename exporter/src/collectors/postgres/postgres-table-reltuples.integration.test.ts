import { sharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { registerPostgresCollector, type PostgresCollector } from './postgres-collector';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * Issue 20: after pg_stat_reset() n_live_tup read 4,215 for a 425k-row table until autovacuum counted again,
 * and the sequential-scan check skipped it. pg_class.reltuples, the planner's count, survives the reset.
 */
describe('perflens_pg_table_reltuples', () => {
  let admin: Client;
  let collector: PostgresCollector | undefined;
  let registry: Registry;
  let datname: string;

  beforeAll(async () => {
    const { connectionString } = await sharedPostgres();
    datname = new URL(connectionString).pathname.slice(1);
    admin = new Client({ connectionString });
    await admin.connect();
    // Nothing but this test may count the table's rows: an autovacuum that ends after pg_stat_reset() would
    // set n_live_tup again.
    await admin.query(
      'CREATE TABLE bookings (id bigint PRIMARY KEY, room_id int NOT NULL) WITH (autovacuum_enabled = false)',
    );
    await admin.query('INSERT INTO bookings SELECT g, g % 50 FROM generate_series(1, 30000) g');
    // A backend sends its pending statistics at most once a second (PostgreSQL 15). Sent now, before ANALYZE
    // sets the count: otherwise the INSERT's 30,000 new rows could arrive with the end of the pg_stat_reset()
    // below, after the reset (seen once in CI), or on top of ANALYZE's count (60,000).
    await admin.query('SELECT pg_stat_force_next_flush()');
    await admin.query('CREATE TABLE never_analyzed (id int)');
    await admin.query('ANALYZE bookings');
    registry = new Registry();
    collector = registerPostgresCollector(registry, {
      dsns: [connectionString],
      timeoutMs: 5000,
      relationsLimit: 100,
      statementsLimit: 50,
      logger: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await collector?.close();
    await admin?.end();
  });

  const series = (metric: string, relname: string) =>
    `${metric}{datname="${datname}",schemaname="public",relname="${relname}"}`;

  it('keeps the row count that pg_stat_reset() takes from n_live_tup', async () => {
    // Statistics reach pg_stat_* when the inserting backend reports them: poll rather than sleep.
    let before = '';
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      before = await registry.metrics();
      if (sample(before, series('pg_stat_user_tables_n_live_tup', 'bookings')) === 30000) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(sample(before, series('pg_stat_user_tables_n_live_tup', 'bookings'))).toBe(30000);
    expect(sample(before, series('perflens_pg_table_reltuples', 'bookings'))).toBe(30000);

    await admin.query('SELECT pg_stat_reset()');
    const after = await registry.metrics();
    expect(sample(after, series('pg_stat_user_tables_n_live_tup', 'bookings'))).toBe(0);
    expect(sample(after, series('perflens_pg_table_reltuples', 'bookings'))).toBe(30000);
  });

  it('says -1 for a table no VACUUM or ANALYZE has counted yet', async () => {
    expect(sample(await registry.metrics(), series('perflens_pg_table_reltuples', 'never_analyzed'))).toBe(
      -1,
    );
  });
});

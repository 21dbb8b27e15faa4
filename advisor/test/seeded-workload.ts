import type { ClientBase } from 'pg';
import type { AdvisorOptionsInput } from '../src/advisor-options';

/**
 * A database whose right answers are known, for the advisor's integration tests:
 * - orders (200k rows) is filtered on customer_id without an index → missing index orders(customer_id);
 * - events (200k rows) is read by account_id, newest first, with LIMIT → the two-column index
 *   events(account_id, created_at) serves both the filter and the sort;
 * - orders_note_idx is never used → unused; orders_created_at_idx is a prefix of orders_created_at_id_idx
 *   → duplicate (the longer one serves the workload's range-and-sort query);
 * - payments_ref_key is left invalid by a failed CREATE UNIQUE INDEX CONCURRENTLY;
 * - customers is well indexed: lookups by primary key only, nothing to advise;
 * - legacy_orders loses a column its statement uses → that statement cannot be explained.
 * Data come from generate_series with fixed formulas (no random()) so plans are stable.
 */
export async function seedWorkload(client: ClientBase): Promise<void> {
  await client.query(`
    CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
    INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 20000) g;
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,
      created_at timestamptz NOT NULL, note text NOT NULL, total numeric(10, 2) NOT NULL);
    INSERT INTO orders SELECT g, (g * 7919) % 20000 + 1, (ARRAY['new','paid','shipped','done','void'])[g % 5 + 1],
      timestamptz '2025-01-01' + g * interval '1 minute', 'note ' || (g % 1000), (g % 500) + 0.99
      FROM generate_series(1, 200000) g;
    CREATE INDEX orders_note_idx ON orders (note);
    CREATE INDEX orders_created_at_idx ON orders (created_at);
    CREATE INDEX orders_created_at_id_idx ON orders (created_at, id);
    CREATE TABLE events (id int PRIMARY KEY, account_id int NOT NULL, created_at timestamptz NOT NULL, payload text NOT NULL);
    INSERT INTO events SELECT g, (g * 31) % 200 + 1, timestamptz '2025-01-01' + g * interval '1 second', repeat('x', 40)
      FROM generate_series(1, 200000) g;
    CREATE TABLE payments (id int PRIMARY KEY, ref text NOT NULL);
    INSERT INTO payments SELECT g, 'ref-' || (g % 500) FROM generate_series(1, 1000) g;
    CREATE TABLE legacy_orders (id int PRIMARY KEY, customer_id int NOT NULL, legacy_code text NOT NULL);
    INSERT INTO legacy_orders SELECT g, g % 100, 'L' || g FROM generate_series(1, 1000) g;
  `);
  // Fails on the duplicate refs and, being concurrent, leaves the index behind marked invalid.
  await client
    .query('CREATE UNIQUE INDEX CONCURRENTLY payments_ref_key ON payments (ref)')
    .catch(() => undefined);
  await client.query('VACUUM ANALYZE');
}

/** How often runWorkload runs each statement. */
export const WORKLOAD_CALLS = 20;

/** Runs the workload the advisor is expected to read from pg_stat_statements. */
export async function runWorkload(client: ClientBase): Promise<void> {
  for (let i = 1; i <= WORKLOAD_CALLS; i++) {
    await client.query('SELECT id, total FROM orders WHERE customer_id = $1', [i * 37]);
    await client.query(
      'SELECT id, payload FROM events WHERE account_id = $1 ORDER BY created_at DESC LIMIT 10',
      [i],
    );
    await client.query('SELECT id FROM orders WHERE created_at >= $1 ORDER BY created_at, id LIMIT 20', [
      '2025-03-01',
    ]);
    for (const id of [i, i * 11, i * 101])
      await client.query('SELECT name FROM customers WHERE id = $1', [id]);
    await client.query('SELECT id FROM legacy_orders WHERE customer_id = $1 AND legacy_code = $2', [
      i,
      `L${i}`,
    ]);
  }
  await client.query('ALTER TABLE legacy_orders DROP COLUMN legacy_code');
  await flushStatistics(client);
}

/**
 * PostgreSQL 15 keeps a backend's table and index counters in local memory and flushes them at most
 * once a second when the backend goes idle (docs 28.2.2); pg_stat_force_next_flush() makes the next
 * statement's end flush them, so another session sees the workload's scans at once.
 */
export async function flushStatistics(client: ClientBase): Promise<void> {
  await client.query('SELECT pg_stat_force_next_flush()');
  await client.query('SELECT 1');
}

/**
 * Thresholds scaled to the seeded database: a few calls, small indexes, no cache verdict on a fresh server.
 * The harness connects as a superuser and runs the workload as one, so these tests opt in to both
 * (advisor/test/advisor-privileges.integration.test.ts covers the least-privilege setup).
 */
export const seededOptions: AdvisorOptionsInput = {
  allowSuperuser: true,
  planSuperuserStatements: true,
  minCalls: 5,
  slowMinCalls: 1,
  slowMeanMs: 0,
  unusedIndexMinBytes: 1024 * 1024,
  cacheHitMinBlocks: 1e12,
};

import { useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { parseAdvisorOptions } from '../src/advisor-options';
import type { AdvisorReport } from '../src/report/advisor-report';
import { runAdvisor } from '../src/run-advisor';
import { flushStatistics } from './seeded-workload';

/** The advisor's defaults, plus the superuser opt-ins every harness test needs (seeded-workload.ts). */
const defaults = { allowSuperuser: true, planSuperuserStatements: true };

function missingIndexes(report: AdvisorReport, table: string): string[] {
  return report.recommendations
    .filter((r) => r.kind === 'missing-index' && r.target.table === table)
    .map((r) => `${r.target.table}(${r.target.columns!.join(',')})`);
}

/**
 * Issue 18's workload: one table read 60 times by an unindexed column (rare next to the 3,000 primary-key
 * lookups of another, but most of the time), and a prefix-duplicate index. Dexter's --min-calls 100 gate
 * read nothing here; selection by time share finds the statement with default options.
 */
describe('workload selection: a rare but expensive statement with default options', () => {
  const database = useSharedPostgres();
  let client: Client;
  let report: AdvisorReport;

  beforeAll(async () => {
    client = new Client({ connectionString: database().connectionString });
    await client.connect();
    await client.query(`
      CREATE TABLE events (id int PRIMARY KEY, device_id int NOT NULL, kind text NOT NULL, at timestamptz NOT NULL);
      INSERT INTO events SELECT g, (g::bigint * 7919) % 5000, 'k' || (g % 7), timestamptz '2025-01-01' + g * interval '1 second'
        FROM generate_series(1, 300000) g;
      CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
      INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 20000) g;
      CREATE INDEX users_email_idx ON users (email);
      CREATE INDEX users_email_id_idx ON users (email, id);`);
    await client.query('VACUUM ANALYZE');
    for (let i = 0; i < 3000; i++) await client.query('SELECT email FROM users WHERE id = $1', [i + 1]);
    // It reads only the key column: the plain index is the answer whether or not VACUUM has marked the pages
    // all-visible yet (with other columns read, INCLUDE wins only once it has: the cluster is shared).
    for (let i = 0; i < 60; i++)
      await client.query('SELECT count(*) FROM events WHERE device_id = $1', [(i * 37) % 5000]);
    await flushStatistics(client);
    report = await runAdvisor(client, parseAdvisorOptions(defaults));
  }, 120_000);
  afterAll(() => client.end());

  it('analyses the 60-call statement and proves the index on its column', () => {
    expect(missingIndexes(report, 'events')).toEqual(['events(device_id)']);
    const advice = report.recommendations.find((r) => r.kind === 'missing-index')!;
    expect(advice.verified).toBe(true);
    expect(advice.statements).toHaveLength(1);
    const statement = advice.statements![0]!;
    expect(statement).toMatchObject({ query: 'SELECT count(*) FROM events WHERE device_id = $1', calls: 60 });
    expect(statement.costAfter).toBeLessThan(statement.costBefore * 0.1);
    expect(statement.savedMs).toBeGreaterThan(0);
  });

  it('gives the seq-scan-heavy table the statement that scans it and the index that fixes it', () => {
    const table = report.recommendations.find(
      (r) => r.kind === 'seq-scan-heavy-table' && r.target.table === 'events',
    )!;
    expect(table.readers?.map((s) => s.query)).toEqual(['SELECT count(*) FROM events WHERE device_id = $1']);
    expect(table.expectedEffect).toContain('index events_device_id_idx');
  });

  it('reports the workload pass: the set captures the per-statement maximum, with its explains counted', () => {
    const events = report.workload!.tables.find((t) => t.table === 'events')!;
    expect(events).toMatchObject({ indexes: ['events_device_id_idx'], statements: 1 });
    expect(events.capturedShare).toBeGreaterThanOrEqual(0.9);
    expect(events.sizeBytes).toBeGreaterThan(0);
    expect(report.workload!.explains).toBeGreaterThan(0);
    expect(missingIndexes(report, 'users')).toEqual([]);
  });
});

/**
 * A table written 3,000 times (four rows each) for every 2 reads: the index would cost its writers more than it
 * saves. Both sides are measured execution times, so the writes outweigh the reads several times over: on a
 * busy machine one read switched out for a few tens of milliseconds must not tip the balance (CI saw it with
 * one row per write).
 */
describe('workload selection: a write-heavy table', () => {
  const database = useSharedPostgres();
  let client: Client;
  let report: AdvisorReport;

  beforeAll(async () => {
    client = new Client({ connectionString: database().connectionString });
    await client.connect();
    await client.query(`
      CREATE TABLE audit_log (id bigserial PRIMARY KEY, session_id int NOT NULL, action text NOT NULL);
      INSERT INTO audit_log (session_id, action) SELECT g % 10000, 'seed' FROM generate_series(1, 60000) g;`);
    await client.query('VACUUM ANALYZE audit_log');
    for (let i = 0; i < 3000; i++)
      await client.query(
        'INSERT INTO audit_log (session_id, action) SELECT $1::int + g, $2 FROM generate_series(0, 3) g',
        [i % 10000, 'write'],
      );
    for (const session of [17, 4242])
      await client.query('SELECT action FROM audit_log WHERE session_id = $1', [session]);
    await flushStatistics(client);
    report = await runAdvisor(client, parseAdvisorOptions(defaults));
  }, 120_000);
  afterAll(() => client.end());

  it('proves the index for the read, then leaves it out because the writes would pay more', () => {
    expect(missingIndexes(report, 'audit_log')).toEqual([]);
    const table = report.workload!.tables.find((t) => t.table === 'audit_log')!;
    expect(table.perStatementMaxMs).toBeGreaterThan(0);
    expect(table.indexes).toEqual([]);
    expect(table.stoppedBecause).toMatch(/no more than its write cost of [\d.]+ ms/);
  });
});

/**
 * Five statements filter on the same selective column plus another one each: the per-statement pass
 * proposes five two-column indexes; one index led by that column serves all five nearly as well.
 */
describe('workload selection: one index for several statements on a table', () => {
  const database = useSharedPostgres();
  let client: Client;
  let report: AdvisorReport;
  const others = ['b', 'c', 'd', 'e', 'f'];

  beforeAll(async () => {
    client = new Client({ connectionString: database().connectionString });
    await client.connect();
    await client.query(`
      CREATE TABLE tickets (id int PRIMARY KEY, a int NOT NULL, ${others.map((c) => `${c} int NOT NULL`).join(', ')});
      INSERT INTO tickets SELECT g, (g::bigint * 7919) % 2000, ${others.map((_, i) => `(g * ${31 + i * 2}) % ${50 + i}`).join(', ')}
        FROM generate_series(1, 200000) g;`);
    await client.query('VACUUM ANALYZE tickets');
    for (let i = 0; i < 10; i++)
      for (const column of others)
        await client.query(`SELECT id FROM tickets WHERE a = $1 AND ${column} = $2`, [i * 13, i % 7]);
    await flushStatistics(client);
    report = await runAdvisor(client, parseAdvisorOptions(defaults));
  }, 120_000);
  afterAll(() => client.end());

  it('recommends one index led by the shared column for all five statements', () => {
    const advice = report.recommendations.filter(
      (r) => r.kind === 'missing-index' && r.target.table === 'tickets',
    );
    expect(advice).toHaveLength(1);
    expect(advice[0]!.target.columns![0]).toBe('a');
    expect(advice[0]!.statements).toHaveLength(5);
    const table = report.workload!.tables.find((t) => t.table === 'tickets')!;
    expect(table.candidates).toBeGreaterThan(1);
    expect(table.capturedShare).toBeGreaterThanOrEqual(0.9);
  });
});

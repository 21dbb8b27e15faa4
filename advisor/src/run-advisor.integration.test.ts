import { freePort, sharedPostgres, useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { parseAdvisorOptions } from './advisor-options';
import type { AdvisorReport } from './report/advisor-report';
import type { Recommendation } from './report/recommendation';
import { AdvisorConnectionError, runAdvisor, runAdvisorOnDsn } from './run-advisor';
import { runWorkload, seededOptions, seedWorkload, WORKLOAD_CALLS } from '../test/seeded-workload';

/** "kind schema.target" for a compact, exact comparison of what was found. */
function found(r: Recommendation): string {
  const { schema, table, index, columns } = r.target;
  if (r.kind === 'missing-index')
    return `${r.kind} ${schema}.${table}(${columns?.join(',')})${r.verified ? '' : ' unverified'}`;
  return `${r.kind} ${schema}.${index ?? table ?? '(database)'}`;
}

describe('the advisor on a seeded PostgreSQL 15 with hypopg', () => {
  const database = useSharedPostgres();
  let client: Client;
  let report: AdvisorReport;

  beforeAll(async () => {
    client = new Client({ connectionString: database().connectionString });
    await client.connect();
    await seedWorkload(client);
    await runWorkload(client);
    report = await runAdvisor(client, parseAdvisorOptions(seededOptions));
  }, 120_000);
  afterAll(() => client.end());

  it('finds exactly the known problems: two missing indexes, a duplicate, an unused and an invalid index, two seq-scanned tables', () => {
    expect(report.recommendations.map(found).sort()).toEqual([
      'duplicate-index public.orders_created_at_idx',
      'invalid-index public.payments_ref_key',
      'missing-index public.events(account_id,created_at)',
      'missing-index public.orders(customer_id)',
      'seq-scan-heavy-table public.events',
      'seq-scan-heavy-table public.orders',
      'unused-index public.orders_note_idx',
    ]);
  });

  it('recommends nothing for the well-indexed customers table', () => {
    expect(report.recommendations.filter((r) => r.target.table === 'customers')).toEqual([]);
  });

  it('reports the hypopg cost reduction: the seq scan cost of orders and a cut past the 50% bar', () => {
    const orders = report.recommendations.find((r) => r.id === findId(report, 'orders'))!;
    expect(orders.verified).toBe(true);
    expect(orders.statements).toHaveLength(1);
    const [statement] = orders.statements!;
    expect(statement).toMatchObject({
      query: 'SELECT id, total FROM orders WHERE customer_id = $1',
      calls: WORKLOAD_CALLS,
      costBefore: 4167,
    });
    expect(statement!.costAfter).toBeLessThan(4167 * 0.5);
    expect(orders.applySql).toBe(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id)',
    );
    expect(orders.rollbackSql).toBe('DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx');
    expect(orders.writeOverhead).toMatchObject({ indexEntryBytes: 12, writesSinceStatsReset: 200000 });
  });

  it('prefers the two-column index that serves the filter and the sort', () => {
    const events = report.recommendations.find((r) => r.id === findId(report, 'events'))!;
    expect(events.target.columns).toEqual(['account_id', 'created_at']);
    const [statement] = events.statements!;
    expect(statement!.costAfter / statement!.costBefore).toBeLessThan(0.5);
  });

  it('names the statement that cannot be explained and keeps the rest of the report', () => {
    expect(report.statementErrors).toEqual([
      {
        queryid: expect.any(String),
        query: 'SELECT id FROM legacy_orders WHERE customer_id = $1 AND legacy_code = $2',
        message: 'cannot be explained: column "legacy_code" does not exist',
      },
    ]);
    expect(report.sectionErrors).toEqual([]);
    expect(report.stats).toEqual({ statementsRead: 5, statementsAnalysed: 5, explains: 9 });
  });

  it('names the tables each planned statement reads, and which its real plan scans sequentially', async () => {
    const texts = await client.query<{ queryid: string; query: string }>(
      'SELECT queryid::text, query FROM pg_stat_statements',
    );
    const queryOf = new Map(texts.rows.map((s) => [s.queryid, s.query]));
    // pg_stat_statements keeps the first text it saw for an entry, constants as $n (LIMIT $2).
    const planOf = (fragment: string) =>
      report.statementPlans
        ?.filter((p) => queryOf.get(p.queryid)?.includes(fragment))
        .map((p) => p.relations.map((r) => `${r.schema}.${r.table} ${r.seqScans}`));
    expect({
      lookup: planOf('FROM orders WHERE customer_id = $1'),
      range: planOf('FROM orders WHERE created_at >= $1'),
      key: planOf('FROM customers WHERE id = $1'),
      unplannable: planOf('FROM legacy_orders'),
    }).toEqual({
      lookup: [['public.orders 1']],
      range: [['public.orders 0']],
      key: [['public.customers 0']],
      // A statement that cannot be planned has no plan rather than an empty one.
      unplannable: [],
    });
  });

  it('lists the slow statements with their calls and cache hit ratio', () => {
    const orders = report.slowStatements.find(
      (s) => s.query.includes('customer_id = $1') && s.query.includes('orders'),
    );
    expect(orders).toMatchObject({ calls: WORKLOAD_CALLS, rows: 200, cacheHitRatio: 1 });
  });

  it('falls back to the statistics heuristic without hypopg and marks it unverified', async () => {
    const heuristic = await runAdvisor(client, parseAdvisorOptions({ ...seededOptions, useHypopg: false }));
    expect(heuristic.hypopg).toBe(false);
    expect(
      heuristic.recommendations
        .filter((r) => r.kind === 'missing-index')
        .map(found)
        .sort(),
    ).toEqual([
      'missing-index public.events(account_id,created_at) unverified',
      'missing-index public.legacy_orders(customer_id) unverified',
      'missing-index public.orders(customer_id) unverified',
    ]);
  });

  it('gives the same ids in a second run, so an id can be applied later', async () => {
    const again = await runAdvisor(client, parseAdvisorOptions(seededOptions));
    expect(again.recommendations.map((r) => r.id).sort()).toEqual(
      report.recommendations.map((r) => r.id).sort(),
    );
  });

  it('reports sessions idle in transaction and connections near the limit', async () => {
    const idle = new Client({ connectionString: database().connectionString });
    await idle.connect();
    try {
      await idle.query('BEGIN; SELECT 1');
      const health = await runAdvisor(
        client,
        parseAdvisorOptions({ ...seededOptions, idleInTransactionSeconds: 0, connectionsMaxShare: 0.005 }),
      );
      const kinds = health.recommendations.map((r) => r.kind);
      expect(kinds).toEqual(expect.arrayContaining(['idle-in-transaction', 'connections-near-limit']));
      const advice = health.recommendations.find((r) => r.kind === 'idle-in-transaction')!;
      expect(advice.applySql).toMatch(
        /^ALTER DATABASE perflens_test_[0-9a-f]+ SET idle_in_transaction_session_timeout = '60s'$/,
      );
    } finally {
      await idle.end();
    }
  });
});

describe('the advisor where it cannot do everything', () => {
  it('says the DSN does not answer', async () => {
    const port = await freePort();
    await expect(
      runAdvisorOnDsn(`postgres://postgres@127.0.0.1:${port}/postgres`, {}, 2_000),
    ).rejects.toThrow(
      new AdvisorConnectionError(`cannot connect to PostgreSQL: connect ECONNREFUSED 127.0.0.1:${port}`),
    );
  });

  it('reports a missing pg_stat_statements as a section error and still checks the indexes', async () => {
    const { connectionString } = await sharedPostgres();
    const client = new Client({ connectionString });
    await client.connect();
    try {
      await client.query(
        'DROP EXTENSION pg_stat_statements; CREATE TABLE t (a int); CREATE INDEX t_a ON t (a); CREATE INDEX t_a2 ON t (a)',
      );
      const report = await runAdvisor(client, parseAdvisorOptions({ allowSuperuser: true }));
      expect(report.sectionErrors).toEqual([
        {
          section: 'statements',
          message:
            'pg_stat_statements is not installed in this database: CREATE EXTENSION pg_stat_statements (it must be in shared_preload_libraries)',
        },
      ]);
      expect(report.recommendations.map((r) => `${r.kind} ${r.target.index}`)).toEqual([
        'duplicate-index t_a2',
      ]);
    } finally {
      await client.end();
    }
  });
});

function findId(report: AdvisorReport, table: string): string | undefined {
  return report.recommendations.find((r) => r.kind === 'missing-index' && r.target.table === table)?.id;
}

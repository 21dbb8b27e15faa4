import { useSharedPostgres } from '@perflens/test-harness';
import { Client } from 'pg';
import { parseAdvisorOptions } from '../src/advisor-options';
import type { AdvisorReport } from '../src/report/advisor-report';
import type { Recommendation } from '../src/report/recommendation';
import { runAdvisor } from '../src/run-advisor';
import { flushStatistics } from './seeded-workload';

/**
 * One table per richer candidate kind, each read by one statement whose best index is not a plain list of
 * columns: an expression key, a partial index, a key that also gives ORDER BY ... LIMIT its order, and
 * INCLUDE columns for an index-only scan.
 * Each is proven with hypopg like any other candidate.
 */
describe('richer index candidates, proven with hypopg', () => {
  const database = useSharedPostgres();
  let client: Client;
  let report: AdvisorReport;

  beforeAll(async () => {
    client = new Client({ connectionString: database().connectionString });
    await client.connect();
    await client.query(`
      CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
      INSERT INTO accounts SELECT g, 'User' || g || '@Example.com' FROM generate_series(1, 100000) g;
      CREATE TABLE jobs (id int PRIMARY KEY, queue_id int NOT NULL, finished_at timestamptz);
      INSERT INTO jobs SELECT g, g % 10000,
        CASE WHEN g % 7 = 0 THEN NULL ELSE timestamptz '2025-01-01' + g * interval '1 second' END
        FROM generate_series(1, 200000) g;
      CREATE TABLE tickets (id int PRIMARY KEY, assignee_id int NOT NULL, closed_at timestamptz, priority int NOT NULL);
      INSERT INTO tickets SELECT g, g % 200,
        CASE WHEN g % 10 < 3 THEN NULL ELSE timestamptz '2025-01-01' + g * interval '1 second' END, g % 5
        FROM generate_series(1, 200000) g;
      CREATE TABLE posts (id int PRIMARY KEY, author_id int NOT NULL, created_at timestamptz NOT NULL, body text NOT NULL);
      INSERT INTO posts SELECT g, (g::bigint * 7919) % 500, timestamptz '2025-01-01' + g * interval '1 minute', repeat('p', 60)
        FROM generate_series(1, 200000) g;
      CREATE TABLE sales (id int PRIMARY KEY, region_id int NOT NULL, amount numeric(10, 2) NOT NULL, note text NOT NULL);
      INSERT INTO sales SELECT g, g % 400, (g % 1000) / 10.0, repeat('n', 200) FROM generate_series(1, 200000) g;`);
    await client.query('VACUUM ANALYZE');
    // An index-only scan is worth INCLUDE columns only on all-visible pages. VACUUM cannot mark them while a
    // test file elsewhere in the shared cluster holds an older snapshot (the apply tests do), so wait for it:
    // every table, so each expectation below holds whether or not its INCLUDE variant could be costed.
    for (const end = Date.now() + 60_000; ;) {
      const { rows } = await client.query<{ visible: boolean }>(
        `SELECT bool_and(relallvisible >= relpages * 0.95) AS visible FROM pg_class
          WHERE relname IN ('accounts', 'jobs', 'tickets', 'posts', 'sales')`,
      );
      if (rows[0]?.visible || Date.now() > end) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
      await client.query('VACUUM accounts, jobs, tickets, posts, sales');
    }
    for (let i = 1; i <= 20; i++) {
      await client.query('SELECT id FROM accounts WHERE lower(email) = $1', [`user${i * 97}@example.com`]);
      await client.query('SELECT id FROM jobs WHERE queue_id = $1 AND finished_at IS NULL', [i]);
      await client.query('SELECT priority FROM tickets WHERE assignee_id = $1 AND closed_at IS NULL', [i]);
      await client.query(
        'SELECT id, body FROM posts WHERE author_id = $1 ORDER BY created_at DESC LIMIT 10',
        [i],
      );
      await client.query('SELECT sum(amount) FROM sales WHERE region_id = $1', [i * 7]);
    }
    await flushStatistics(client);
    report = await runAdvisor(
      client,
      parseAdvisorOptions({ allowSuperuser: true, planSuperuserStatements: true }),
    );
  }, 120_000);
  afterAll(() => client.end());

  const advice = (table: string): Recommendation[] =>
    report.recommendations.filter((r) => r.kind === 'missing-index' && r.target.table === table);

  it('proposes an expression index for lower(email) = $1', () => {
    const [index] = advice('accounts');
    expect(advice('accounts')).toHaveLength(1);
    expect(index!.target).toMatchObject({ columns: ['(lower(email))'], index: 'accounts_lower_email_idx' });
    expect(index!.applySql).toBe(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_lower_email_idx ON public.accounts ((lower(email)))',
    );
    expect(index!.statements![0]!.costAfter).toBeLessThan(index!.statements![0]!.costBefore * 0.5);
  });

  it('proposes a partial index for the parameter-free IS NULL condition', () => {
    // A seventh of the jobs are unfinished, too many for an index on finished_at, but only about three per
    // queue: INCLUDE (id) would spare three heap pages, far under the 2% of the saving an index must add, so
    // the plain partial index stands whether or not the pages are all-visible.
    const [index] = advice('jobs');
    expect(advice('jobs')).toHaveLength(1);
    expect(index!.target).toMatchObject({ columns: ['queue_id'], where: 'finished_at IS NULL' });
    expect(index!.applySql).toBe(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_queue_id_part_idx ON public.jobs (queue_id) WHERE finished_at IS NULL',
    );
    expect(index!.statements![0]!.costAfter).toBeLessThan(index!.statements![0]!.costBefore * 0.5);
  });

  it('INCLUDEs on a partial index only what its WHERE does not already imply', () => {
    // Each assignee has about 300 open tickets, so skipping their heap pages is worth an INCLUDE; the
    // partial index's WHERE answers `closed_at IS NULL` itself, so closed_at is not INCLUDEd.
    const [index] = advice('tickets');
    expect(advice('tickets')).toHaveLength(1);
    expect(index!.target).toMatchObject({
      columns: ['assignee_id'],
      include: ['priority'],
      where: 'closed_at IS NULL',
    });
  });

  it('puts the ORDER BY column after the filter so LIMIT stops early', () => {
    expect(advice('posts').map((r) => r.target.columns)).toEqual([['author_id', 'created_at']]);
  });

  it('INCLUDEs the one column the statement reads beyond the key, for an index-only scan', () => {
    const [index] = advice('sales');
    expect(advice('sales')).toHaveLength(1);
    expect(index!.target).toMatchObject({ columns: ['region_id'], include: ['amount'] });
    expect(index!.applySql).toBe(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS sales_region_id_incl_amount_idx ON public.sales (region_id) INCLUDE (amount)',
    );
  });
});

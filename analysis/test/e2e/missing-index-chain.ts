import type { AdvisorReport } from '@perflens/advisor';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { describeLink, followCauses } from './cause-chain';
import { DEMO_JOB } from './monitoring-stack';

/** The statement behind GET /api/customers/:id/orders (demo/src/routes/customer-routes.ts). */
const CUSTOMER_ORDERS_SQL = 'SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = $1';
const ROUTE = { job: DEMO_JOB, http_request_method: 'GET', http_route: '/api/customers/:id/orders' };

/**
 * The missing-index chain: the route's finding is caused by its statement (pg_stat_statements' queryid,
 * which the advisor's report pairs with the statement's text), the statement by the sequential scans of
 * orders, and the scan's recommendation creates the index on the column the advisor proved with hypopg.
 */
export function expectMissingIndexChain(report: AnalysisReport, advisor: AdvisorReport): void {
  const queryid = advisor.recommendations
    .flatMap((r) => r.statements ?? [])
    .find((s) => s.query.startsWith(CUSTOMER_ORDERS_SQL))?.queryid;
  expect(queryid).toMatch(/^-?\d+$/);
  const chain = followCauses(report, [
    (f) => f.layer === 'api' && f.target.http_route === ROUTE.http_route,
    (f) => f.layer === 'postgres' && f.target.queryid === queryid,
    (f) => f.check === 'postgres.sequential-scans' && f.target.relname === 'orders',
  ]);
  expect(chain.map(describeLink)).toEqual([
    `api api.database-bound-route ${JSON.stringify(ROUTE)}`,
    // Top total time or high mean time: both checks name the statement, and either links to the table.
    expect.stringMatching(
      new RegExp(
        `^postgres postgres\\.(top-time|slow)-statements \\{"datname":"shop","queryid":"${queryid}"\\}$`,
      ),
    ),
    'postgres postgres.sequential-scans {"datname":"shop","schemaname":"public","relname":"orders"}',
  ]);
  // The engine recommends the advisor's own statements, spelled by @perflens/conventions' index DDL.
  const advised = advisor.recommendations.find(
    (r) => r.kind === 'missing-index' && r.target.table === 'orders',
  );
  expect(advised).toMatchObject({
    applySql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id)',
    rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_idx',
  });
  expect(chain[2]?.recommendations[0]).toMatchObject({
    sql: expect.stringContaining(`\n${advised?.applySql};`),
    rollbackSql: `${advised?.rollbackSql};`,
    spec: { kind: 'create-index', schema: 'public', table: 'orders', columns: ['customer_id'] },
  });
}

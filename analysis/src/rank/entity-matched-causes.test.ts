import type { AnalysisEvidence } from '../checks/check-catalogue';
import type { CheckedFinding } from '../findings/finding';
import { checkedFinding } from '../../test/fixtures/checked-findings';
import { apiEvidence, postgresEvidence, route as apiRoute } from '../../test/fixtures/in-memory-evidence';
import { relationsOf, type UseSpec } from '../../test/attribution/relations-fixture';
import { attributeCauses } from './attribute-causes';

/**
 * Links that follow measured entities: a service with two pools (`main`, `reports`), three routes and four
 * statements in database `shop`, the shape of the bookings service's bottlenecks (issue 20). Each test
 * states which links must be there and, as important, which must not.
 */
const job = 'demo-api';
const routeTarget = (path: string, method = 'GET') => ({
  http_request_method: method,
  http_route: path,
  job,
});
const ORDERS = routeTarget('/orders/:id');
const REPORTS = routeTarget('/reports/daily');
const CHECKOUT = routeTarget('/checkout', 'POST');
const ref = (queryid: string) => ({ datname: 'shop', queryid });

// A: the orders lookup (missing index); B: the reporting statement (pg_sleep); C: SELECT … FOR UPDATE, which
// waits on itself; D: the UPDATE the checkout transaction holds the row with; E: a primary-key lookup.
const USES: UseSpec[] = [
  { route: '/orders/:id', pool: 'main', fingerprint: 'fa', secondsPerSecond: 0.9, pg: [ref('1')] },
  { route: '/orders/:id', pool: 'main', fingerprint: 'fe', secondsPerSecond: 0.01, pg: [ref('5')] },
  { route: '/reports/daily', pool: 'reports', fingerprint: 'fb', secondsPerSecond: 2.5, pg: [ref('2')] },
  {
    method: 'POST',
    route: '/checkout',
    pool: 'main',
    fingerprint: 'fc',
    secondsPerSecond: 0.6,
    pg: [ref('3')],
  },
  {
    method: 'POST',
    route: '/checkout',
    pool: 'main',
    fingerprint: 'fd',
    secondsPerSecond: 0.2,
    pg: [ref('4')],
  },
  {
    method: 'POST',
    route: '/checkout',
    pool: 'main',
    fingerprint: 'fe',
    secondsPerSecond: 0.2,
    pg: [ref('5')],
  },
];
const LOCK_WAITS = [
  {
    datname: 'shop',
    waitingQueryid: '3',
    holdingQueryid: '3',
    holdingState: 'idle in transaction',
    waiterSamples: 30,
  },
  { datname: 'shop', waitingQueryid: '3', holdingQueryid: '4', waiterSamples: 10 },
];

const top = (queryid: string) => checkedFinding('postgres.top-time-statements', ref(queryid), 5);
const slow = (queryid: string) => checkedFinding('postgres.slow-statements', ref(queryid), 5);
const pool = (name: string) =>
  checkedFinding('db-client.pool-saturation', { db_client_connection_pool_name: name }, 10);
const dbBound = (target: Record<string, string>) => checkedFinding('api.database-bound-route', target, 8);
const errors = (target: Record<string, string>) => checkedFinding('api.error-hotspot', target, 20);
const slowRoute = (target: Record<string, string>) => checkedFinding('api.route-slower-than-slo', target, 30);
const lockWaits = checkedFinding('postgres.lock-waits', { datname: 'shop' }, 6);
const longTx = checkedFinding('postgres.long-transactions', { datname: 'shop' }, 3);

const evidenceWith = (relations: Partial<Parameters<typeof relationsOf>[0]> = {}): AnalysisEvidence => ({
  rangeSeconds: 600,
  api: apiEvidence([
    apiRoute({ route: '/orders/:id', p95DurationSeconds: 1, dbQueriesPerRequest: 2 }),
    apiRoute({ route: '/reports/daily', p95DurationSeconds: 3, dbQueriesPerRequest: 1 }),
    apiRoute({ method: 'POST', route: '/checkout', p95DurationSeconds: 0.8, dbQueriesPerRequest: 3 }),
    apiRoute({ route: '/health', p95DurationSeconds: 0.9, dbQueriesPerRequest: 0 }),
  ]),
  dbClient: {
    pools: [
      { pool: 'main', meanUsedConnections: 2, maxConnections: 10, meanWaitSeconds: 0.5 },
      { pool: 'reports', meanUsedConnections: 3, maxConnections: 3, meanWaitSeconds: 0.5 },
    ],
    queries: {} as never,
  },
  relations: relationsOf({ uses: USES, lockWaits: LOCK_WAITS, ...relations }),
});

const causesOf = (findings: CheckedFinding[], evidence: AnalysisEvidence = evidenceWith()) => {
  const linked = new Map(attributeCauses(findings, evidence).map((f) => [f.id, f.causedBy]));
  return (finding: CheckedFinding) => linked.get(finding.id);
};

describe('entity-matched attribution', () => {
  it('links each database-bound route to its own statements, not to the heaviest statement of another route', () => {
    const orders = dbBound(ORDERS);
    const reports = dbBound(REPORTS);
    const causes = causesOf([orders, reports, top('1'), top('2'), slow('2')]);
    expect(causes(orders)).toEqual([top('1').id]);
    expect(causes(reports)).toEqual([slow('2').id, top('2').id].sort());
  });

  it('leaves out a statement that takes a sliver of the route’s database time (1% for the primary-key lookup)', () => {
    const orders = dbBound(ORDERS);
    expect(causesOf([orders, top('1'), top('5')])(orders)).toEqual([top('1').id]);
    const checkout = dbBound(CHECKOUT);
    // At 20% of the checkout's database time, the same statement is one of its causes.
    expect(causesOf([checkout, top('5')])(checkout)).toEqual([top('5').id]);
  });

  it('links a database-bound route to the table its unflagged statement scans, and only then', () => {
    // The index the scan proposes serves the first reader's lookup (its WHERE clause named the column).
    const scanOf = (readBy: string[]) => ({
      ...checkedFinding(
        'postgres.sequential-scans',
        { datname: 'shop', schemaname: 'public', relname: 'orders' },
        4,
      ),
      recommendations: [
        {
          kind: 'create-index' as const,
          schema: 'public',
          table: 'orders',
          readBy,
          columns: ['customer_id'],
          columnsFrom: { queryid: readBy[0] ?? '', predicate: 'customer_id = $1' },
        },
      ],
    });
    const orders = dbBound(ORDERS);
    const reports = dbBound(REPORTS);
    // Statement 1 (the orders lookup) is fast enough on average to be no finding: the route reaches the scan.
    expect(causesOf([orders, reports, scanOf(['1'])])(orders)).toEqual([scanOf(['1']).id]);
    // Another route's statement looks the table up: not this route's cause.
    expect(causesOf([orders, reports, scanOf(['2'])])(orders)).toEqual([]);
    // This route's statement reads as many blocks, but the index serves another statement's lookup.
    expect(causesOf([orders, reports, scanOf(['2', '1'])])(orders)).toEqual([]);
    // A flagged statement carries the link itself: route → statement → table.
    expect(causesOf([orders, top('1'), scanOf(['1'])])(orders)).toEqual([top('1').id]);
  });

  it('links a statement to the scans of a table its plan scans, not of one it reads through an index', () => {
    const table = { datname: 'shop', schemaname: 'public', relname: 'orders' };
    const scans = checkedFinding('postgres.sequential-scans', table, 4);
    // Both read 1,300 of the table's 2,000 blocks per call: the reporting statement through the index, in a
    // nested loop (its plan says so), the lookup by scanning it.
    const postgres = postgresEvidence({
      statements: ['1', '2'].map((queryid) => ({
        ...ref(queryid),
        secondsPerSecond: 0.5,
        callsPerSecond: 10,
        blocksPerSecond: 13_000,
      })),
      tables: [{ ...table, seqScansPerSecond: 10, sizeBytes: 2000 * 8192 }],
    });
    const plan = (queryid: string, seqScans: number) => ({
      ...ref(queryid),
      relations: [{ schemaname: 'public', relname: 'orders', seqScans }],
    });
    const withPlans = (statementPlans: ReturnType<typeof plan>[]) => ({
      ...evidenceWith(),
      postgres: { ...postgres, statementPlans },
    });
    const findings = [slow('1'), slow('2'), scans];
    expect([
      causesOf(findings, withPlans([]))(slow('1')),
      causesOf(findings, withPlans([]))(slow('2')),
    ]).toEqual([[scans.id], [scans.id]]);
    const planned = causesOf(findings, withPlans([plan('1', 1), plan('2', 0)]));
    expect([planned(slow('1')), planned(slow('2'))]).toEqual([[scans.id], []]);
  });

  it('links a slow route only to the pools it takes connections from', () => {
    const reports = slowRoute(REPORTS);
    const orders = slowRoute(ORDERS);
    const health = slowRoute(routeTarget('/health'));
    const causes = causesOf([reports, orders, health, pool('main'), pool('reports')]);
    expect(causes(reports)).toEqual([pool('reports').id]);
    expect(causes(orders)).toEqual([pool('main').id]);
    expect(causes(health)).toEqual([]);
  });

  it('links a pool busy with statements to the statements run on it, not to every top statement', () => {
    const reportsPool = pool('reports');
    const mainPool = pool('main');
    const causes = causesOf([reportsPool, mainPool, top('1'), slow('2')]);
    expect(causes(reportsPool)).toEqual([slow('2').id]);
    // main: 1.9 s of statements a second for 2 connections in use, so its statements keep it busy.
    expect(causes(mainPool)).toEqual([top('1').id]);
  });

  it('links lock waits to the routes, pools and statements whose statement waits, and nothing else', () => {
    const checkout = dbBound(CHECKOUT);
    const orders = dbBound(ORDERS);
    const reportsPool = pool('reports');
    const mainPool = pool('main');
    const forUpdate = slow('3');
    const reporting = slow('2');
    const causes = causesOf([checkout, orders, reportsPool, mainPool, forUpdate, reporting, lockWaits]);
    expect(causes(checkout)).toContain(lockWaits.id);
    expect(causes(forUpdate)).toEqual([lockWaits.id]);
    expect(causes(mainPool)).toContain(lockWaits.id);
    expect(causes(orders)).not.toContain(lockWaits.id);
    expect(causes(reporting)).toEqual([]);
    expect(causes(reportsPool)).not.toContain(lockWaits.id);
  });

  it('links lock waits to the statement holding the lock, and to long transactions in the database, never back to a waiter', () => {
    const holder = top('4');
    const waiter = slow('3');
    const elsewhere = checkedFinding('postgres.long-transactions', { datname: 'other' }, 3);
    const causes = causesOf([lockWaits, holder, waiter, longTx, elsewhere]);
    expect(causes(lockWaits)).toEqual([holder.id, longTx.id].sort());
  });

  it('links lock waits and the pool to the transaction left idle after the statement that holds the lock', () => {
    const idleAfterForUpdate = checkedFinding('postgres.idle-in-transaction', ref('3'), 4);
    const idleAfterReport = checkedFinding('postgres.idle-in-transaction', ref('2'), 4);
    const mainPool = pool('main');
    const reportsPool = pool('reports');
    const causes = causesOf([lockWaits, idleAfterForUpdate, idleAfterReport, mainPool, reportsPool]);
    expect(causes(lockWaits)).toEqual([idleAfterForUpdate.id]);
    expect(causes(mainPool)).toEqual([idleAfterForUpdate.id, lockWaits.id].sort());
    expect(causes(reportsPool)).toEqual([idleAfterReport.id]);
  });

  it('links a pool to long transactions only when a session idle in transaction last ran one of its statements', () => {
    const mainPool = pool('main');
    const reportsPool = pool('reports');
    const idle = [{ datname: 'shop', queryid: '3', maxIdleSeconds: 2.8 }];
    const causes = causesOf([mainPool, reportsPool, longTx], evidenceWith({ idleInTransaction: idle }));
    expect(causes(mainPool)).toEqual([longTx.id]);
    expect(causes(reportsPool)).toEqual([]);
  });

  describe('errors', () => {
    const failing = errors(REPORTS);
    const everything = [failing, pool('reports'), pool('main'), lockWaits, top('2'), slowRoute(REPORTS)];

    it('are caused by nothing when the client measured no error a pool or a lock produces (a TypeError)', () => {
      expect(causesOf(everything)(failing)).toEqual([]);
    });

    it('are caused by a saturated pool the route uses when the client saw timeouts, not by the other pool', () => {
      const causes = causesOf(everything, evidenceWith({ dbErrorsPerSecond: { timeout: 0.5 } }));
      expect(causes(failing)).toEqual([pool('reports').id]);
    });

    it('are caused by lock waits only when the route runs the waiting statement and lock timeouts show', () => {
      const checkoutErrors = errors(CHECKOUT);
      const withTimeouts = evidenceWith({ dbErrorsPerSecond: { '55P03': 0.2 } });
      const causes = causesOf([...everything, checkoutErrors], withTimeouts);
      expect(causes(checkoutErrors)).toEqual([lockWaits.id]);
      expect(causes(failing)).toEqual([]);
      expect(causesOf([checkoutErrors, lockWaits])(checkoutErrors)).toEqual([]);
    });

    it('are caused by nothing without per-route statement series (older instrumentation)', () => {
      const evidence = { ...evidenceWith({ dbErrorsPerSecond: { timeout: 1, '55P03': 1 } }) };
      evidence.relations = { ...evidence.relations!, statements: [], pools: [] };
      expect(causesOf(everything, evidence)(failing)).toEqual([]);
    });
  });

  describe('without the relations (older instrumentation or exporter)', () => {
    const noRelations = (e: AnalysisEvidence): AnalysisEvidence => {
      const without = { ...e };
      delete without.relations;
      return without;
    };

    it('keeps the older rules: the dominant statement, the database’s lock waits, any pool of a database route', () => {
      const orders = dbBound(ORDERS);
      const causes = causesOf(
        [orders, top('1'), slow('2'), lockWaits, pool('main'), pool('reports')],
        noRelations(evidenceWith()),
      );
      expect(causes(orders)).toEqual([lockWaits.id, pool('main').id, pool('reports').id, top('1').id].sort());
    });

    it('matches pools but falls back to the dominant statement when no statement text joined pg_stat_statements', () => {
      const unjoined = USES.map(({ pg: _, ...use }) => use);
      const evidence = evidenceWith({ uses: unjoined });
      const orders = dbBound(ORDERS);
      const causes = causesOf([orders, top('2'), pool('main'), pool('reports')], evidence);
      expect(causes(orders)).toEqual([pool('main').id, top('2').id].sort());
    });

    it('falls back to the same database for a statement’s lock waits when the exporter names no waiting pair', () => {
      const evidence = evidenceWith({ lockWaits: [] });
      const reporting = slow('2');
      expect(causesOf([reporting, lockWaits], evidence)(reporting)).toEqual([lockWaits.id]);
      const orders = dbBound(ORDERS);
      // The route's statements run in shop: the database decides.
      expect(causesOf([orders, lockWaits], evidence)(orders)).toEqual([lockWaits.id]);
    });

    it('treats a route folded into the instrumentation’s overflow route as unknown, not as using no pool', () => {
      const folded: UseSpec = { route: '__overflow__', pool: 'main', fingerprint: 'fx', secondsPerSecond: 1 };
      const evidence = evidenceWith({ uses: [...USES, folded] });
      const unlisted = slowRoute(routeTarget('/unlisted'));
      const withDb = {
        ...evidence,
        api: apiEvidence([apiRoute({ route: '/unlisted', p95DurationSeconds: 1, dbQueriesPerRequest: 1 })]),
      };
      expect(causesOf([unlisted, pool('main')], withDb)(unlisted)).toEqual([pool('main').id]);
    });
  });

  it('links a k6 breach the service did not find slow to the pools of its own route only', () => {
    const breach = checkedFinding(
      'load-test.threshold-breaches',
      { testid: 'run', name: '/reports/daily', method: 'GET' },
      30,
    );
    expect(causesOf([breach, pool('main'), pool('reports')])(breach)).toEqual([pool('reports').id]);
  });
});

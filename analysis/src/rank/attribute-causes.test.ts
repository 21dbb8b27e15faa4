import { type AnalysisEvidence, runChecks } from '../checks/check-catalogue';
import type { CheckedFinding } from '../findings/finding';
import { checkedFinding } from '../../test/fixtures/checked-findings';
import {
  apiEvidence,
  DEMO_SLOS,
  missingIndexEvidence,
  route as apiRoute,
  thresholds,
} from '../../test/fixtures/in-memory-evidence';
import { attributeCauses } from './attribute-causes';

const ROUTE_SLOW = 'api.route-slower-than-slo/http_request_method=GET,http_route=/api/search,job=demo-api';
const DB_BOUND = 'api.database-bound-route/http_request_method=GET,http_route=/api/search,job=demo-api';
const TOP_STATEMENT = 'postgres.top-time-statements/datname=shop,queryid=111';
const SLOW_STATEMENT = 'postgres.slow-statements/datname=shop,queryid=111';
const SEQ_SCAN = 'postgres.sequential-scans/datname=shop,relname=orders,schemaname=public';

describe('attributeCauses', () => {
  const slos = thresholds({}, DEMO_SLOS);
  const linkedFor = (blocksPerCall: number) => {
    const evidence = missingIndexEvidence(blocksPerCall);
    return attributeCauses(runChecks(evidence, slos), evidence);
  };

  it('links route → database time → dominant statement → the table it scans', () => {
    const linked = new Map(linkedFor(4000).map((f) => [f.id, f.causedBy]));
    expect(linked.get(ROUTE_SLOW)).toEqual([DB_BOUND]);
    expect(linked.get(DB_BOUND)).toEqual([TOP_STATEMENT]);
    expect(linked.get(TOP_STATEMENT)).toEqual([SEQ_SCAN]);
    expect(linked.get(SLOW_STATEMENT)).toEqual([SEQ_SCAN]);
    expect(linked.get(SEQ_SCAN)).toEqual([]);
  });

  it('writes causes and nothing else: every other field is the check’s', () => {
    const evidence = missingIndexEvidence(4000);
    const checked = runChecks(evidence, slos);
    expect(attributeCauses(checked, evidence).map(({ causedBy: _, ...rest }) => rest)).toEqual(checked);
  });

  it('does not blame a table the statement reads only a few blocks of', () => {
    const linked = new Map(linkedFor(4).map((f) => [f.id, f.causedBy]));
    expect(linked.get(TOP_STATEMENT)).toEqual([]);
  });

  it('links a saturated event loop to the oversized responses it serialises, and slow or database-bound routes to it', () => {
    const route = (path: string) => ({ http_request_method: 'GET', http_route: path, job: 'demo-api' });
    const loop = checkedFinding('runtime.event-loop-saturation', { instance: 'api-1:3000' }, 1);
    const gc = checkedFinding('runtime.gc-pressure', { instance: 'api-1:3000' }, 1);
    const oversized = checkedFinding('api.oversized-responses', route('/api/products'), 14);
    const slowQuote = checkedFinding('api.route-slower-than-slo', route('/api/shipping/quote'), 1.2);
    const dbBound = checkedFinding('api.database-bound-route', route('/api/customers/:id'), 3);
    const linked = new Map(
      attributeCauses([loop, gc, oversized, slowQuote, dbBound], { rangeSeconds: 600 }).map((f) => [
        f.id,
        f.causedBy,
      ]),
    );
    expect(linked.get(slowQuote.id)).toEqual([loop.id, gc.id]);
    expect(linked.get(dbBound.id)).toEqual([loop.id]);
    expect(linked.get(loop.id)).toEqual([oversized.id, gc.id]);
    expect(linked.get(oversized.id)).toEqual([]);
  });

  describe('a k6 breach under load', () => {
    const route = (path: string) => ({ http_request_method: 'GET', http_route: path, job: 'demo-api' });
    const breach = (name: string) =>
      checkedFinding('load-test.threshold-breaches', { testid: 'run', name, method: 'GET' }, 30);
    const linkedCauses = (findings: CheckedFinding[], evidence: AnalysisEvidence = { rangeSeconds: 60 }) =>
      new Map(attributeCauses(findings, evidence).map((f) => [f.id, f.causedBy]));

    it('is caused by its own route (k6 names requests by route template), not by every slow route', () => {
      const ordersBreach = breach('/api/orders/:id');
      const slowOrders = checkedFinding('api.route-slower-than-slo', route('/api/orders/:id'), 9);
      const slowProducts = checkedFinding('api.route-slower-than-slo', route('/api/products'), 20);
      const loop = checkedFinding('runtime.event-loop-saturation', { instance: 'api-1:3000' }, 30);
      const linked = linkedCauses([ordersBreach, slowOrders, slowProducts, loop]);
      expect(linked.get(ordersBreach.id)).toEqual([slowOrders.id]);
      expect(linked.get(slowOrders.id)).toEqual([loop.id]);
    });

    it('is caused by a saturated event loop directly when the service did not find its route slow (queueing before the service’s timer starts)', () => {
      const ordersBreach = breach('/api/orders/:id');
      const loop = checkedFinding('runtime.event-loop-saturation', { instance: 'api-1:3000' }, 30);
      expect(linkedCauses([ordersBreach, loop]).get(ordersBreach.id)).toEqual([loop.id]);
    });

    it('falls back to what the service measured on its route when the route is within its SLO there', () => {
      const productsBreach = breach('/api/products');
      const dbBound = checkedFinding('api.database-bound-route', route('/api/products'), 5);
      const otherRoute = checkedFinding('api.database-bound-route', route('/api/orders'), 5);
      expect(linkedCauses([productsBreach, dbBound, otherRoute]).get(productsBreach.id)).toEqual([
        dbBound.id,
      ]);
    });

    it('has no cause when nothing the service measured shares its route', () => {
      const productsBreach = breach('/api/products');
      const slowOrders = checkedFinding('api.route-slower-than-slo', route('/api/orders'), 9);
      expect(linkedCauses([productsBreach, slowOrders]).get(productsBreach.id)).toEqual([]);
    });
  });

  describe('a saturated pool', () => {
    const pool = checkedFinding(
      'db-client.pool-saturation',
      { db_client_connection_pool_name: 'default' },
      10,
    );
    const statement = checkedFinding('postgres.top-time-statements', { datname: 'shop', queryid: '7' }, 5);
    const evidenceWith = (statementSecondsPerSecond: number): AnalysisEvidence => ({
      rangeSeconds: 60,
      dbClient: {
        pools: [{ pool: 'default', meanUsedConnections: 4, maxConnections: 5 }],
        queries: {} as never,
      },
      postgres: {
        statements: [
          { datname: 'shop', queryid: '7', secondsPerSecond: statementSecondsPerSecond, callsPerSecond: 50 },
        ],
      } as unknown as AnalysisEvidence['postgres'],
    });
    const causesOfPool = (evidence: AnalysisEvidence) =>
      attributeCauses([pool, statement], evidence).find((f) => f.id === pool.id)?.causedBy;

    it('is caused by the dominant statement when statements keep its connections busy', () => {
      expect(causesOfPool(evidenceWith(3.5))).toEqual([statement.id]);
    });

    it('is the root cause when its connections are held for something else (0.3 s of statements a second for 4 connections in use)', () => {
      expect(causesOfPool(evidenceWith(0.3))).toEqual([]);
    });

    it('is caused by a loop busy over half the time, not by a loop waiting on I/O', () => {
      const loop = checkedFinding('runtime.event-loop-saturation', { instance: 'api-1:3000' }, 8);
      const withLoop = (utilization: number): AnalysisEvidence => ({
        ...evidenceWith(0.3),
        runtime: {
          instances: [{ instance: 'api-1:3000', eventLoopUtilizationRatio: utilization }],
        } as unknown as AnalysisEvidence['runtime'],
      });
      const causes = (evidence: AnalysisEvidence) =>
        attributeCauses([pool, statement, loop], evidence).find((f) => f.id === pool.id)?.causedBy;
      expect(causes(withLoop(0.88))).toEqual([loop.id]);
      expect(causes(withLoop(0.3))).toEqual([]);
      // Statement time measured in the client grows with the loop's delay: both are linked then.
      expect(
        attributeCauses([pool, statement, loop], { ...withLoop(0.88), ...evidenceWith(3.5) }).find(
          (f) => f.id === pool.id,
        )?.causedBy,
      ).toEqual([statement.id, loop.id].sort());
    });

    it('slows only routes that take connections', () => {
      const route = (path: string) => ({ http_request_method: 'GET', http_route: path, job: 'demo-api' });
      const slowQuote = checkedFinding('api.route-slower-than-slo', route('/api/shipping/quote'), 3);
      const slowOrders = checkedFinding('api.route-slower-than-slo', route('/api/orders'), 3);
      const evidence: AnalysisEvidence = {
        ...evidenceWith(3.5),
        api: apiEvidence([
          apiRoute({ route: '/api/shipping/quote', dbSecondsPerRequest: 0, dbQueriesPerRequest: 0 }),
          apiRoute({ route: '/api/orders', dbSecondsPerRequest: 0.01, dbQueriesPerRequest: 1 }),
        ]),
      };
      const linked = new Map(
        attributeCauses([pool, slowQuote, slowOrders], evidence).map((f) => [f.id, f.causedBy]),
      );
      expect(linked.get(slowQuote.id)).toEqual([]);
      expect(linked.get(slowOrders.id)).toEqual([pool.id]);
    });
  });

  describe('the shared causes of a slow route: its event loop and its pool', () => {
    const route = { http_request_method: 'GET', http_route: '/api/orders/:id', job: 'demo-api' };
    const slow = checkedFinding('api.route-slower-than-slo', route, 20);
    const loop = checkedFinding('runtime.event-loop-saturation', { instance: 'api-1:3000' }, 10);
    const gc = checkedFinding('runtime.gc-pressure', { instance: 'api-1:3000' }, 10);
    const pool = checkedFinding(
      'db-client.pool-saturation',
      { db_client_connection_pool_name: 'default' },
      10,
    );
    const evidence = (measured: {
      p95: number;
      lagPeak: number;
      lagging: number;
      poolWait: number;
      gc?: number;
    }): AnalysisEvidence => ({
      rangeSeconds: 60,
      api: apiEvidence([
        apiRoute({ route: '/api/orders/:id', p95DurationSeconds: measured.p95, dbQueriesPerRequest: 1 }),
      ]),
      runtime: {
        rangeSeconds: 60,
        queries: {} as never,
        instances: [
          {
            instance: 'api-1:3000',
            eventLoopUtilizationRatio: 0.6,
            eventLoopLagP99PeakSeconds: measured.lagPeak,
            eventLoopLaggingRatio: measured.lagging,
            gcTimeRatio: measured.gc ?? 0.05,
          },
        ],
      },
      dbClient: {
        pools: [
          { pool: 'default', meanUsedConnections: 5, maxConnections: 5, meanWaitSeconds: measured.poolWait },
        ],
        queries: {} as never,
      },
    });
    const causesOf = (finding: CheckedFinding, e: AnalysisEvidence) =>
      attributeCauses([slow, loop, pool, gc], e).find((f) => f.id === finding.id)?.causedBy;

    it('a loop that lagged 480 ms for most of the range explains a p95 of 630 ms, not the 80 ms pool wait it caused', () => {
      expect(causesOf(slow, evidence({ p95: 0.63, lagPeak: 0.48, lagging: 0.8, poolWait: 0.08 }))).toEqual([
        loop.id,
        gc.id,
      ]);
    });

    it('a pool waited on for 2 s explains a p95 of 4.8 s, not a loop that lagged 170 ms', () => {
      expect(causesOf(slow, evidence({ p95: 4.8, lagPeak: 0.17, lagging: 0.25, poolWait: 2.2 }))).toEqual([
        pool.id,
        gc.id,
      ]);
    });

    it('a loop lagging for a twentieth of the range adds less than a pool wait of 100 ms', () => {
      expect(causesOf(slow, evidence({ p95: 0.3, lagPeak: 0.16, lagging: 0.06, poolWait: 0.1 }))).toEqual([
        pool.id,
        gc.id,
      ]);
    });

    it('garbage collection causes the saturated loop only when it is most of the loop’s busy time', () => {
      const busyLoop = { p95: 0.63, lagPeak: 0.48, lagging: 0.8, poolWait: 0.08 };
      expect(causesOf(loop, evidence({ ...busyLoop, gc: 0.12 }))).toEqual([]);
      expect(causesOf(loop, evidence({ ...busyLoop, gc: 0.4 }))).toEqual([gc.id]);
    });
  });
});

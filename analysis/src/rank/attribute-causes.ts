import type { AnalysisEvidence } from '../checks/check-catalogue';
import type { CheckedFinding } from '../findings/finding';
import { EntityRelations } from './entity-relations';
import {
  loopBusyWithGc,
  loopsHoldingPool,
  poolBusyWithStatements,
  requestP95,
  routeP95,
  routeUsesPool,
  sharedResourceCauses,
} from './shared-resource-causes';
import {
  idleTransactionsOfPool,
  lockHolders,
  lockWaitsOf,
  lockWaitsOfStatement,
  longTransactionsOfPool,
  ofCheck,
  scannedTables,
  scansReadByUnflaggedStatements,
  statementsAmong,
} from './statement-causes';

/** A checked finding with the ids of the findings that cause it. */
export type LinkedFinding = CheckedFinding & { causedBy: string[] };

type Rule = (
  effect: CheckedFinding,
  all: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
  relations: EntityRelations,
) => CheckedFinding[];

const sameTarget = (a: CheckedFinding, b: CheckedFinding, labels: readonly string[]) =>
  labels.every((l) => a.target[l] === b.target[l]);
const ROUTE = ['http_request_method', 'http_route'];

/**
 * Client error types (SQLSTATE or client class, instrument's pgErrorType) a cause produces. A pool's: the
 * client's `timeout` class and too_many_connections (53300). pg-pool's own checkout timeout fails before
 * any query, so the instrumentation does not count it: the pool link for errors needs one of these.
 * Locks': lock_not_available (55P03, lock_timeout or NOWAIT), deadlock_detected (40P01) and query_canceled
 * (57014, a statement_timeout that ran out while waiting). Errors are linked only to a cause that produced
 * errors of its kind: a cause that only adds latency never explains a 500.
 */
const POOL_ERROR_TYPES: ReadonlySet<string> = new Set(['timeout', '53300']);
const LOCK_ERROR_TYPES: ReadonlySet<string> = new Set(['55P03', '40P01', '57014']);
const CONNECTION_LIMIT_ERROR_TYPES: ReadonlySet<string> = new Set(['53300']);

/** A route's findings, for a k6 request name: k6 names requests by route template (k6-scripts/README.md). */
function sameRouteAsRequest(breach: CheckedFinding, all: readonly CheckedFinding[], ...checks: string[]) {
  return ofCheck(all, ...checks).filter(
    (f) =>
      f.target.http_route === breach.target.name && f.target.http_request_method === breach.target.method,
  );
}

/**
 * What a route's database time is made of: its own statements (those that take a share of its database
 * time, matched to pg_stat_statements by normalized text), the lock waits those statements sit in, and the
 * pools it takes connections from. Without per-route statement series (older instrumentation) the older,
 * coarser rules stand: the dominant statement, every lock wait, any pool.
 */
function databaseCausesOfRoute(
  f: CheckedFinding,
  all: readonly CheckedFinding[],
  e: AnalysisEvidence,
  r: EntityRelations,
): CheckedFinding[] {
  const { http_request_method: method, http_route: route } = f.target;
  const statements = r.statementsOfRoute(method, route);
  return [
    ...lockWaitsOf(all, r, statements, r.databasesOfRoute(method, route), true),
    ...sharedResourceCauses(all, e, {
      p95Seconds: routeP95(method, route, e),
      usesPool: routeUsesPool(method, route, e, r),
    }),
    ...statementsAmong(all, statements),
    ...scansReadByUnflaggedStatements(all, statements),
  ];
}

/**
 * The causes of a route's server errors, each only where it produced errors on that route: a saturated pool
 * the route takes connections from, when the service's client saw pool-kind errors; lock waits of a
 * statement the route runs, when it saw lock timeouts or deadlocks; PostgreSQL's connection limit in a
 * database the route uses, when connections were refused. Without per-route statement series nothing is
 * linked: which route a pool or a lock failed is then unknown, and a wrong link sends the reader to the
 * wrong fix (the exception in the route's own logs is the first place to look).
 */
function errorCausesOfRoute(
  f: CheckedFinding,
  all: readonly CheckedFinding[],
  r: EntityRelations,
): CheckedFinding[] {
  const { http_request_method: method, http_route: route } = f.target;
  const pools = r.poolsOfRoute(method, route);
  const statements = r.statementsOfRoute(method, route);
  const databases = r.databasesOfRoute(method, route);
  return [
    ...(pools && r.errorsPerSecond(POOL_ERROR_TYPES) > 0
      ? ofCheck(all, 'db-client.pool-saturation').filter((p) =>
          pools.has(p.target.db_client_connection_pool_name ?? ''),
        )
      : []),
    ...(statements && r.errorsPerSecond(LOCK_ERROR_TYPES) > 0
      ? lockWaitsOf(all, r, statements, undefined, false)
      : []),
    ...(databases && r.errorsPerSecond(CONNECTION_LIMIT_ERROR_TYPES) > 0
      ? ofCheck(all, 'postgres.connections-near-limit').filter((c) => databases.has(c.target.datname ?? ''))
      : []),
  ];
}

/**
 * Which findings can cause which: from an effect towards the layers below it, so links form no cycle. Two
 * links point back up: a saturated event loop to the service's oversized responses, which every instance
 * serialises on that loop, and a pool to a saturated loop, which holds its connections
 * (shared-resource-causes.ts, loopsHoldingPool). Oversized responses have no causes of their
 * own and a loop's causes are runtime and API findings, never a pool, so neither closes a cycle.
 * Each link needs an entity the two share where the metrics name one (route, pool, statement, table, lock,
 * instance, database); rank/entity-relations.ts says which, and when it cannot, the rule's fallback says so.
 */
const RULES: Record<string, Rule> = {
  // A late LCP: the page's slow first byte (same device class), and what the page itself makes the browser
  // download before it can paint, as perflens bundle --publish reported it (same page; warning or worse).
  'frontend.poor-web-vitals': (f, all) =>
    f.target.vital === 'lcp'
      ? [
          ...ofCheck(all, 'frontend.slow-ttfb').filter((t) => sameTarget(f, t, ['page', 'device_class'])),
          ...ofCheck(
            all,
            'frontend.page-javascript-over-budget',
            'frontend.uncompressed-assets',
            'frontend.render-blocking-assets',
          ).filter((a) => a.target.page === f.target.page && a.severity !== 'info'),
        ]
      : [],
  'frontend.slow-ttfb': (_f, all) => ofCheck(all, 'api.route-slower-than-slo', 'api.error-hotspot'),
  // A breach is explained through its own route (k6's name tag is the route template): the route's latency
  // or errors, else what the service measured on that route. A saturated event loop delays every request,
  // including the time before the service's own timer starts, which only k6 sees, so it is linked directly.
  'load-test.threshold-breaches': (f, all, e, r) => {
    const symptoms = sameRouteAsRequest(f, all, 'api.route-slower-than-slo', 'api.error-hotspot');
    if (symptoms.length > 0) return symptoms;
    // The service did not find the route slow: what it measured there, and a shared cause that accounts
    // for k6's latency (a blocked loop delays requests before the service's own timer starts).
    return [
      ...sameRouteAsRequest(
        f,
        all,
        'api.database-bound-route',
        'api.n-plus-one-queries',
        'api.oversized-responses',
      ),
      ...sharedResourceCauses(all, e, {
        p95Seconds: requestP95(f, e),
        usesPool: routeUsesPool(f.target.method, f.target.name, e, r),
      }),
    ];
  },
  'api.route-slower-than-slo': (f, all, e, r) => {
    const { http_request_method: method, http_route: route } = f.target;
    const shared = sharedResourceCauses(all, e, {
      p95Seconds: routeP95(method, route, e),
      usesPool: routeUsesPool(method, route, e, r),
    });
    return [
      ...ofCheck(all, 'api.database-bound-route', 'api.n-plus-one-queries', 'api.oversized-responses').filter(
        (c) => sameTarget(f, c, ROUTE),
      ),
      ...shared,
      ...ofCheck(all, 'runtime.gc-pressure'),
      // A busy host explains a slow route only through the service's own saturated event loop: on a shared
      // machine, CPU taken by others shows in the loop first (rank/contain-host-findings.ts).
      ...(shared.some((c) => c.check === 'runtime.event-loop-saturation')
        ? ofCheck(all, 'host.cpu-pressure')
        : []),
    ];
  },
  'api.error-hotspot': (f, all, _e, r) => errorCausesOfRoute(f, all, r),
  // Database time is measured in the client, up to the callback that receives the result: a saturated event
  // loop runs that callback late, so part of what looks like database time is the loop's.
  'api.database-bound-route': (f, all, e, r) => [
    ...ofCheck(all, 'api.n-plus-one-queries').filter((c) => sameTarget(f, c, ROUTE)),
    ...databaseCausesOfRoute(f, all, e, r),
  ],
  // A pool is kept busy by the statements run on it, the lock waits they sit in and the transactions left
  // open on its connections; statements cause it only when they account for the connections in use.
  'db-client.pool-saturation': (f, all, e, r) => {
    const pool = f.target.db_client_connection_pool_name;
    const run = r.statementsRunOnPool(pool);
    const databases = r.databasesOfPool(pool);
    return [
      ...longTransactionsOfPool(all, r, run, databases),
      ...idleTransactionsOfPool(all, run, databases),
      ...lockWaitsOf(all, r, run, databases, true),
      ...(poolBusyWithStatements(f, e, r) ? statementsAmong(all, r.statementsOnPool(pool)) : []),
      ...loopsHoldingPool(all, e),
    ];
  },
  'runtime.event-loop-saturation': (f, all, e) => [
    ...ofCheck(all, 'runtime.gc-pressure').filter(
      (c) => sameTarget(f, c, ['instance']) && loopBusyWithGc(f, e),
    ),
    ...ofCheck(all, 'api.oversized-responses'),
  ],
  'runtime.gc-pressure': (f, all) =>
    ofCheck(all, 'runtime.memory-growth').filter((c) => sameTarget(f, c, ['instance'])),
  // A statement is slowed by the tables it reads whole and by the locks it waits for (only when the exporter
  // names it among the waiting statements; a top statement without that measure keeps its older rule, none).
  'postgres.top-time-statements': (f, all, e, r) => [
    ...scannedTables(f, all, e),
    ...lockWaitsOfStatement(f, all, r, false),
  ],
  'postgres.slow-statements': (f, all, e, r) => [
    ...scannedTables(f, all, e),
    ...lockWaitsOfStatement(f, all, r, true),
  ],
  'postgres.low-cache-hit-ratio': (f, all) =>
    ofCheck(all, 'postgres.sequential-scans').filter((c) => sameTarget(f, c, ['datname'])),
  'postgres.lock-waits': (f, all, _e, r) => lockHolders(f, all, r),
};

/**
 * Fills `causedBy` across layers (a slow route ← its database time ← its own statement ← the table it
 * scans): the one stage that links findings. A cause is linked to a symptom only through something they
 * share (route, pool, statement, table, lock, instance, database) wherever the metrics name one.
 */
export function attributeCauses(
  findings: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
): LinkedFinding[] {
  const relations = EntityRelations.of(evidence);
  return findings.map((effect) => {
    const causes = RULES[effect.check]?.(effect, findings, evidence, relations) ?? [];
    return {
      ...effect,
      causedBy: [...new Set(causes.filter((c) => c.id !== effect.id).map((c) => c.id))].sort(),
    };
  });
}

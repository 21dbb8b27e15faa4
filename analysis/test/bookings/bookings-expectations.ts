import type { BottleneckName, StatementName } from '@perflens/bookings';
import type { Finding, Layer } from '../../src/findings/finding';
import { BOOKINGS_JOB } from './bookings-monitoring';

/** What a phase's findings are judged with: which pg_stat_statements entry is which named statement. */
export interface ScoringContext {
  /** queryid → the bookings statement it is (bookings/src/database/statements.ts). */
  statementNames: ReadonlyMap<string, StatementName>;
  /** The service's `instance` label, 127.0.0.1:<port>. */
  instance: string;
}

/**
 * The service's structure (docs/bookings-spec.md, "Routes"): the pool each route uses and the statements it
 * runs. A cause shares an entity with a symptom only through these.
 */
const ROUTES: Record<string, { pool: string; statements: StatementName[] }> = {
  'GET /api/venues/:id/rooms': { pool: 'main', statements: ['venue-rooms'] },
  'GET /api/guests/:id/bookings': { pool: 'main', statements: ['guest-bookings'] },
  'GET /api/venues/:id/schedule': {
    pool: 'main',
    statements: ['schedule-with-bookings', 'schedule-rooms', 'room-next-bookings'],
  },
  'POST /auth/login': { pool: 'main', statements: ['login-guest'] },
  'POST /api/bookings': {
    pool: 'main',
    statements: ['room-price', 'lock-room', 'overlapping-bookings', 'insert-booking', 'insert-payment'],
  },
  'GET /api/reports/venues/:id/occupancy': {
    pool: 'reports',
    statements: ['occupancy-nights', 'occupancy-revenue'],
  },
  'GET /api/bookings/:id': { pool: 'main', statements: ['booking-details'] },
};

type Match = (finding: Finding, context: ScoringContext) => boolean;

const routeOf = (f: Finding): string | undefined =>
  f.layer === 'api' && f.target.job === BOOKINGS_JOB && f.target.http_route !== undefined
    ? `${f.target.http_request_method} ${f.target.http_route}`
    : undefined;
const statementOf = (f: Finding, context: ScoringContext): StatementName | undefined =>
  f.layer === 'postgres' && f.target.queryid !== undefined
    ? context.statementNames.get(f.target.queryid)
    : undefined;
const poolOf = (f: Finding): string | undefined =>
  f.check === 'db-client.pool-saturation' ? f.target.db_client_connection_pool_name : undefined;

const route =
  (name: string): Match =>
  (f) =>
    routeOf(f) === name;
const statement =
  (...names: StatementName[]): Match =>
  (f, context) => {
    const name = statementOf(f, context);
    return name !== undefined && names.includes(name);
  };
const check =
  (id: string, labels: Record<string, string> = {}): Match =>
  (f) =>
    f.check === id && Object.entries(labels).every(([key, value]) => f.target[key] === value);
const pool =
  (name: string): Match =>
  (f) =>
    poolOf(f) === name;
const eventLoop: Match = (f, context) =>
  f.check === 'runtime.event-loop-saturation' && f.target.instance === context.instance;
const lockWaits = check('postgres.lock-waits');
/** The long-transaction check, or any check of lock-holding transactions (issue 20 asks for one). */
const lockHolders: Match = (f) =>
  f.layer === 'postgres' && f.check !== 'postgres.lock-waits' && /transaction|lock/.test(f.check);
const either =
  (...matches: Match[]): Match =>
  (f, context) =>
    matches.some((m) => m(f, context));
/** Findings about a route's latency, which a shared pool, the event loop or its own statements explain. */
const LATENCY_CHECKS = new Set(['api.route-slower-than-slo', 'api.database-bound-route']);

/**
 * Links that are right whatever is switched on, because cause and symptom share an entity in this service:
 * a route's latency and the pool it uses, the process's event loop, its own statements and its own other
 * findings; a pool and the statements run on it, and the process's event loop; the lock that booking creation takes (its statements and
 * the main pool wait on it, and the transactions holding it cause the waits). An error is never explained
 * by a shared resource here: the service's 500s come from code.
 */
function isStructuralLink(symptom: Finding, cause: Finding, context: ScoringContext): boolean {
  const symptomRoute = routeOf(symptom);
  const symptomRouteInfo = symptomRoute === undefined ? undefined : ROUTES[symptomRoute];
  if (symptomRouteInfo && LATENCY_CHECKS.has(symptom.check)) {
    if (poolOf(cause) === symptomRouteInfo.pool) return true;
    if (eventLoop(cause, context)) return true;
    const causeStatement = statementOf(cause, context);
    if (causeStatement !== undefined && symptomRouteInfo.statements.includes(causeStatement)) return true;
    if (routeOf(cause) === symptomRoute) return true;
    if (symptomRoute === 'POST /api/bookings' && either(lockWaits, lockHolders)(cause, context)) return true;
  }
  const symptomPool = poolOf(symptom);
  if (symptomPool !== undefined) {
    const causeStatement = statementOf(cause, context);
    const poolStatements = Object.values(ROUTES)
      .filter((r) => r.pool === symptomPool)
      .flatMap((r) => r.statements);
    if (causeStatement !== undefined && poolStatements.includes(causeStatement)) return true;
    if (symptomPool === 'main' && either(lockWaits, lockHolders)(cause, context)) return true;
    // The process's saturated loop delays the callbacks that release every pool's connections.
    if (eventLoop(cause, context)) return true;
  }
  const bookingStatements = ROUTES['POST /api/bookings']!.statements;
  if (statement(...bookingStatements)(symptom, context) && either(lockWaits, lockHolders)(cause, context))
    return true;
  return lockWaits(symptom, context) && either(lockHolders, statement('lock-room'))(cause, context);
}

/** One bottleneck's expected finding, and links that are right only while it is on. */
export interface BottleneckExpectation {
  name: BottleneckName;
  layer: Layer;
  /** "check on target", for the table. */
  expected: string;
  isExpected: Match;
  rightLinks: ReadonlyArray<readonly [symptom: Match, cause: Match]>;
}

const bookingsScans = check('postgres.sequential-scans', { relname: 'bookings' });

/** docs/bookings-spec.md, "Bottlenecks and what the engine should find", as data. */
export const EXPECTATIONS: readonly BottleneckExpectation[] = [
  {
    name: 'missing-index',
    layer: 'postgres',
    expected: 'postgres.sequential-scans on bookings',
    isExpected: bookingsScans,
    // The scans are the guest-bookings statement's: they explain it and its route.
    rightLinks: [
      [route('GET /api/guests/:id/bookings'), bookingsScans],
      [statement('guest-bookings'), bookingsScans],
    ],
  },
  {
    name: 'n-plus-one',
    layer: 'api',
    expected: 'api.n-plus-one-queries on GET /api/venues/:id/schedule',
    isExpected: (f, c) => f.check === 'api.n-plus-one-queries' && route('GET /api/venues/:id/schedule')(f, c),
    rightLinks: [[route('GET /api/venues/:id/schedule'), statement('schedule-rooms', 'room-next-bookings')]],
  },
  {
    name: 'blocking-login',
    layer: 'runtime',
    expected: 'runtime.event-loop-saturation on the service (naming POST /auth/login)',
    isExpected: eventLoop,
    rightLinks: [],
  },
  {
    name: 'lock-contention',
    layer: 'postgres',
    expected: 'postgres.lock-waits on bookings, or the lock-holding transactions of lock-room',
    // The waits, or what causes them: the transactions that sit on the room's lock after lock-room. The
    // holders name the statement and the route that keeps the transaction open, the fix this switch needs.
    isExpected: either(
      check('postgres.lock-waits', { datname: 'bookings' }),
      (f, c) => lockHolders(f, c) && statement('lock-room')(f, c),
    ),
    rightLinks: [],
  },
  {
    name: 'slow-reports',
    layer: 'db-client',
    expected: 'db-client.pool-saturation on pool reports',
    isExpected: pool('reports'),
    rightLinks: [],
  },
  {
    name: 'type-error',
    layer: 'api',
    expected: 'api.error-hotspot on GET /api/bookings/:id',
    isExpected: (f, c) => f.check === 'api.error-hotspot' && route('GET /api/bookings/:id')(f, c),
    rightLinks: [],
  },
];

/** Whether `symptom ← cause` is right while `active` bottlenecks are on (docs/bookings-spec.md). */
export function isRightLink(
  active: readonly BottleneckName[],
  symptom: Finding,
  cause: Finding,
  context: ScoringContext,
): boolean {
  if (isStructuralLink(symptom, cause, context)) return true;
  return EXPECTATIONS.some(
    (e) =>
      active.includes(e.name) &&
      e.rightLinks.some(([isSymptom, isCause]) => isSymptom(symptom, context) && isCause(cause, context)),
  );
}

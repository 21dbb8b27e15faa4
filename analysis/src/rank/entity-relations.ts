import type { AnalysisEvidence } from '../checks/check-catalogue';
import { OVERFLOW, type RelationsEvidence } from '../sources/relations-evidence';

/**
 * Lookups over the measured relations (sources/relations-evidence.ts) in the terms the rules use: a route's
 * pools and statements, a pool's statements, a database's waiting and holding statements. Every lookup
 * returns undefined when the metrics do not say (older instrumentation or exporter, statement texts not
 * exported), so a rule can tell "shares nothing" from "unknown" and fall back only on the latter.
 */

/**
 * A statement is one of a route's causes when it takes at least this share of the route's database time: a
 * route's own heavy statement, not the primary-key lookup it also runs (which may be a top statement because
 * another route calls it thousands of times a second). Ten statements of equal weight still all count.
 */
export const ROUTE_STATEMENT_MIN_SHARE = 0.1;

/** The same for a pool: the statements that keep its connections busy, not every one it ever ran. */
export const POOL_STATEMENT_MIN_SHARE = 0.1;

/**
 * A statement takes part in a database's lock waits when its sessions are at least this share of the
 * waiting sessions sampled there (or hold the lock they wait for): one brief wait does not make it a cause.
 */
export const LOCK_WAIT_MIN_SHARE = 0.1;

/** "datname\0queryid": how statement findings are matched (their target is { datname, queryid }). */
export const statementKey = (datname: string | undefined, queryid: string | undefined) =>
  `${datname ?? ''}\u0000${queryid ?? ''}`;

const routeKey = (method: string | undefined, route: string | undefined) =>
  `${method ?? ''}\u0000${route ?? ''}`;

export class EntityRelations {
  private readonly poolsByRoute = new Map<string, Set<string>>();
  private readonly statementsByRoute = new Map<string, Set<string>>();
  private readonly databasesByRoute = new Map<string, Set<string>>();
  private readonly statementsByPool = new Map<string, Set<string>>();
  private readonly allStatementsByPool = new Map<string, Set<string>>();
  private readonly databasesByPool = new Map<string, Set<string>>();
  private readonly waitsByDatabase = new Map<string, { waiting: Set<string>; holding: Set<string> }>();
  private readonly idleByDatabase = new Map<string, Set<string>>();
  /** Whether the service exports per-route statement series at all. */
  readonly measuresRoutes: boolean;
  /** Whether any of its statements joined a pg_stat_statements entry by text. */
  readonly joinsStatements: boolean;
  /** Routes past the instrumentation's route cap share one overflow route: others are then unknown. */
  private readonly routesFolded: boolean;

  constructor(private readonly relations: RelationsEvidence | undefined) {
    const uses = relations?.statements ?? [];
    this.measuresRoutes = uses.length > 0;
    this.joinsStatements = uses.some((u) => u.pgStatements.length > 0);
    this.routesFolded = uses.some((u) => u.route === OVERFLOW);
    // Shares add up over pools and over fingerprints of one queryid (the same statement in two layouts).
    const routeShares = new Map<string, Map<string, number>>();
    const poolSeconds = new Map<string, Map<string, number>>();
    for (const use of uses) {
      const route = routeKey(use.method, use.route);
      add(this.poolsByRoute, route, use.pool);
      for (const ref of use.pgStatements) {
        const key = statementKey(ref.datname, ref.queryid);
        addTo(routeShares, route, key, use.shareOfRouteDbTime);
        addTo(poolSeconds, use.pool, key, use.secondsPerSecond);
        add(this.allStatementsByPool, use.pool, key);
        add(this.databasesByRoute, route, ref.datname);
        add(this.databasesByPool, use.pool, ref.datname);
      }
    }
    for (const [route, shares] of routeShares)
      for (const [key, share] of shares)
        if (share >= ROUTE_STATEMENT_MIN_SHARE) add(this.statementsByRoute, route, key);
    for (const [pool, seconds] of poolSeconds) {
      const total = [...seconds.values()].reduce((sum, s) => sum + s, 0);
      for (const [key, s] of seconds)
        if (s >= POOL_STATEMENT_MIN_SHARE * total) add(this.statementsByPool, pool, key);
    }
    const waiterTotals = new Map<string, number>();
    for (const pair of relations?.lockWaits ?? [])
      waiterTotals.set(pair.datname, (waiterTotals.get(pair.datname) ?? 0) + pair.waiterSamples);
    const waiterShares = new Map<string, number>();
    for (const pair of relations?.lockWaits ?? []) {
      const key = statementKey(pair.datname, pair.waitingQueryid);
      waiterShares.set(key, (waiterShares.get(key) ?? 0) + pair.waiterSamples);
    }
    for (const pair of relations?.lockWaits ?? []) {
      const total = waiterTotals.get(pair.datname) ?? 0;
      const db = this.waitsByDatabase.get(pair.datname) ?? { waiting: new Set(), holding: new Set() };
      this.waitsByDatabase.set(pair.datname, db);
      const waiter = statementKey(pair.datname, pair.waitingQueryid);
      if (pair.waitingQueryid !== '' && (waiterShares.get(waiter) ?? 0) >= LOCK_WAIT_MIN_SHARE * total)
        db.waiting.add(pair.waitingQueryid);
      if (pair.holdingQueryid !== '' && pair.waiterSamples >= LOCK_WAIT_MIN_SHARE * total)
        db.holding.add(pair.holdingQueryid);
    }
    for (const idle of relations?.idleInTransaction ?? [])
      add(this.idleByDatabase, idle.datname, idle.queryid);
  }

  static of(evidence: AnalysisEvidence): EntityRelations {
    return new EntityRelations(evidence.relations);
  }

  /** The pools a route takes connections from; an empty set for a route that ran no statement. */
  poolsOfRoute(method: string | undefined, route: string | undefined): ReadonlySet<string> | undefined {
    if (!this.measuresRoutes) return undefined;
    const pools = this.poolsByRoute.get(routeKey(method, route));
    if (pools) return pools;
    return this.routesFolded ? undefined : new Set();
  }

  /**
   * The pg_stat_statements entries ("datname\0queryid") that take a real share of a route's database time;
   * undefined when no statement of the service could be matched by text.
   */
  statementsOfRoute(method: string | undefined, route: string | undefined): ReadonlySet<string> | undefined {
    if (!this.joinsStatements) return undefined;
    if (this.routesFolded && !this.poolsByRoute.has(routeKey(method, route))) return undefined;
    return this.statementsByRoute.get(routeKey(method, route)) ?? new Set();
  }

  /** The databases a route's statements run in (any share); undefined when unknown. */
  databasesOfRoute(method: string | undefined, route: string | undefined): ReadonlySet<string> | undefined {
    if (!this.joinsStatements) return undefined;
    if (this.routesFolded && !this.poolsByRoute.has(routeKey(method, route))) return undefined;
    return this.databasesByRoute.get(routeKey(method, route)) ?? new Set();
  }

  /** The pg_stat_statements entries that take a real share of a pool's statement time; undefined when unknown. */
  statementsOnPool(pool: string | undefined): ReadonlySet<string> | undefined {
    if (!this.joinsStatements) return undefined;
    return this.statementsByPool.get(pool ?? '') ?? new Set();
  }

  /**
   * Every pg_stat_statements entry run on a pool, whatever its share: a quick `SELECT … FOR UPDATE` after
   * which the transaction sits idle holds a connection for far longer than the statement's own time.
   */
  statementsRunOnPool(pool: string | undefined): ReadonlySet<string> | undefined {
    if (!this.joinsStatements) return undefined;
    return this.allStatementsByPool.get(pool ?? '') ?? new Set();
  }

  /** The databases a pool's statements run in; undefined when unknown. */
  databasesOfPool(pool: string | undefined): ReadonlySet<string> | undefined {
    if (!this.joinsStatements) return undefined;
    return this.databasesByPool.get(pool ?? '') ?? new Set();
  }

  /**
   * The queryids that waited for locks in a database, and those of the holders they waited for; undefined
   * when the exporter named no waiting pair there (an exporter without perflens_pg_lock_waiters).
   */
  lockWaitsIn(
    datname: string | undefined,
  ): { waiting: ReadonlySet<string>; holding: ReadonlySet<string> } | undefined {
    return this.waitsByDatabase.get(datname ?? '');
  }

  /** queryids that sessions idle in transaction ran last, in a database; undefined when none was seen. */
  idleInTransactionIn(datname: string | undefined): ReadonlySet<string> | undefined {
    return this.idleByDatabase.get(datname ?? '');
  }

  /** The service's failed database operations per second with one of these error types. */
  errorsPerSecond(types: ReadonlySet<string>): number {
    const errors = this.relations?.dbErrorsPerSecond ?? {};
    return Object.entries(errors).reduce((sum, [type, rate]) => (types.has(type) ? sum + rate : sum), 0);
  }

  /**
   * Client-side statement seconds per second the service's requests spent on a pool: what keeps its
   * connections checked out for statements; undefined without per-route statement series.
   */
  statementSecondsOnPool(pool: string | undefined): number | undefined {
    if (!this.measuresRoutes) return undefined;
    return (this.relations?.pools ?? [])
      .filter((p) => p.pool === pool)
      .reduce((sum, p) => sum + p.secondsPerSecond, 0);
  }
}

function addTo(map: Map<string, Map<string, number>>, key: string, inner: string, value: number): void {
  const values = map.get(key) ?? new Map<string, number>();
  values.set(inner, (values.get(inner) ?? 0) + value);
  map.set(key, values);
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

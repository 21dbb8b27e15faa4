import {
  emptyRelations,
  type LockWaitPair,
  type RelationsEvidence,
  relationsQueries,
  type StatementRef,
} from '../../src/sources/relations-evidence';

/** One statement a route runs, in the terms a test states it: seconds per second and what it joined. */
export interface UseSpec {
  method?: string;
  route: string;
  pool: string;
  fingerprint: string;
  secondsPerSecond: number;
  /** The pg_stat_statements entries its text joined; none for a statement the exporter does not name. */
  pg?: StatementRef[];
}

/**
 * Relations evidence built by hand, as relationsEvidenceFrom would return it: shares of each route's
 * database time and per-route pool totals are computed from the uses, like the source does.
 */
export function relationsOf(spec: {
  uses?: UseSpec[];
  lockWaits?: Array<Omit<LockWaitPair, 'holdingState'> & { holdingState?: string }>;
  idleInTransaction?: RelationsEvidence['idleInTransaction'];
  dbErrorsPerSecond?: Record<string, number>;
}): RelationsEvidence {
  const uses = (spec.uses ?? []).map((u) => ({ method: 'GET', ...u }));
  const routeKey = (u: { method: string; route: string }) => `${u.method} ${u.route}`;
  const routeTotals = new Map<string, number>();
  for (const u of uses)
    routeTotals.set(routeKey(u), (routeTotals.get(routeKey(u)) ?? 0) + u.secondsPerSecond);
  const share = (u: { method: string; route: string }, seconds: number) =>
    seconds / (routeTotals.get(routeKey(u)) as number);
  const pools = new Map<string, { method: string; route: string; pool: string; secondsPerSecond: number }>();
  for (const u of uses) {
    const key = `${routeKey(u)} ${u.pool}`;
    const seen = pools.get(key) ?? { method: u.method, route: u.route, pool: u.pool, secondsPerSecond: 0 };
    seen.secondsPerSecond += u.secondsPerSecond;
    pools.set(key, seen);
  }
  return {
    ...emptyRelations(relationsQueries({ job: 'demo-api', endSeconds: 1_700_000_000, rangeSeconds: 600 })),
    statements: uses.map(({ pg, ...u }) => ({
      ...u,
      callsPerSecond: 1,
      shareOfRouteDbTime: share(u, u.secondsPerSecond),
      pgStatements: pg ?? [],
    })),
    pools: [...pools.values()].map((p) => ({ ...p, shareOfRouteDbTime: share(p, p.secondsPerSecond) })),
    lockWaits: (spec.lockWaits ?? []).map((w) => ({ holdingState: 'active', ...w })),
    idleInTransaction: spec.idleInTransaction ?? [],
    dbErrorsPerSecond: spec.dbErrorsPerSecond ?? {},
  };
}

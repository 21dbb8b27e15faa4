import type { AnalysisEvidence } from '../checks/check-catalogue';
import type { CheckedFinding } from '../findings/finding';
import type { EntityRelations } from './entity-relations';

/**
 * Evidence-based tests for the causes every request of a service shares (its event loop, its connection
 * pool), which name no route: whether one can account for a slow request, and which of them does.
 */

/**
 * A saturated event loop delays each callback of a request by up to its lag, a few times per request: when
 * its worst p99 lag is under this share of a request's p95, it cannot be what made the request slow (a
 * route waiting seconds for a pool connection on an overloaded host lags a little too).
 */
export const LOOP_LAG_SHARE_OF_LATENCY = 0.2;

/**
 * Of the shared causes that can account for a request's delay, those within this share of the largest
 * delay are linked: the pool a request waited 2 s for, not the loop that lagged 40 ms meanwhile.
 */
export const SHARED_CAUSE_DELAY_SHARE = 0.5;

/**
 * Which pools a route takes connections from: those its statements ran on, when the per-route statement
 * series measure it; else (older instrumentation) any pool, provided the route uses the database at all.
 */
export function routeUsesPool(
  method: string | undefined,
  route: string | undefined,
  evidence: AnalysisEvidence,
  relations: EntityRelations,
): (pool: string | undefined) => boolean {
  const pools = relations.poolsOfRoute(method, route);
  if (pools) return (pool) => pool !== undefined && pools.has(pool);
  const takesConnections = usesDatabase(method, route, evidence);
  return () => takesConnections;
}

/** Whether a route's requests use the database at all: a pool only slows routes that take connections. */
export function usesDatabase(
  method: string | undefined,
  route: string | undefined,
  evidence: AnalysisEvidence,
) {
  const stats = evidence.api?.routes.find((r) => r.method === method && r.route === route);
  // Without per-route database numbers, any route may be waiting for the pool.
  if (!stats || (stats.dbSecondsPerRequest === undefined && stats.dbQueriesPerRequest === undefined))
    return true;
  return (stats.dbSecondsPerRequest ?? 0) > 0 || (stats.dbQueriesPerRequest ?? 0) > 0;
}

/**
 * Whether statements keep the pool's connections busy: statement time per second is at least half the
 * connections in use on average. Below that, connections are checked out for something else (work done
 * while holding one, an idle transaction), and the pool itself is the cause, not a statement. The time is
 * the service's own client-side statement time on that pool when the per-route statement series measure it
 * (statements run outside a request are not in it); without them, PostgreSQL's statement time of every
 * database, the older and coarser measure.
 */
export function poolBusyWithStatements(
  pool: CheckedFinding,
  evidence: AnalysisEvidence,
  relations: EntityRelations,
): boolean {
  const name = pool.target.db_client_connection_pool_name;
  const used = evidence.dbClient?.pools.find((p) => p.pool === name)?.meanUsedConnections;
  if (used === undefined || used <= 0) return true;
  const onPool = relations.statementSecondsOnPool(name);
  if (onPool !== undefined) return onPool >= used / 2;
  const statements = evidence.postgres?.statements;
  if (!statements) return true;
  const statementSeconds = statements.reduce((sum, s) => sum + s.secondsPerSecond, 0);
  return statementSeconds >= used / 2;
}

/**
 * A loop busy at least this share of the time holds a pool's connections too: the callbacks that take a
 * query's result, finish the request's work and release its connection wait behind it. Below it (a loop
 * mostly waiting on timers or I/O) a pool held without statements is the pool's own problem: connections
 * kept across other awaited work.
 */
export const LOOP_HOLDS_POOL_UTILIZATION = 0.5;

/**
 * The service's saturated event loops, which keep every pool's connections checked out longer: an
 * instance's loop busy at least LOOP_HOLDS_POOL_UTILIZATION of the time. Whether statements keep the pool
 * busy does not decide it: the service's statement time is measured in the client, from the query to its
 * callback, so a blocked loop inflates it too (a pool of a loop 99% busy read as busy with statements).
 * Every runtime finding is the analysed job's, like its pools.
 */
export function loopsHoldingPool(
  all: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
): CheckedFinding[] {
  return all.filter((loop) => {
    if (loop.check !== 'runtime.event-loop-saturation') return false;
    const stats = evidence.runtime?.instances.find((i) => i.instance === loop.target.instance);
    return (stats?.eventLoopUtilizationRatio ?? 0) >= LOOP_HOLDS_POOL_UTILIZATION;
  });
}

/**
 * Whether garbage collection is what keeps the loop busy: its share of wall time is at least half the
 * loop's mean utilisation. A loop saturated by a handler's own work collects garbage too, less.
 */
export function loopBusyWithGc(loop: CheckedFinding, evidence: AnalysisEvidence): boolean {
  const stats = evidence.runtime?.instances.find((i) => i.instance === loop.target.instance);
  if (stats?.gcTimeRatio === undefined || stats.eventLoopUtilizationRatio === undefined) return true;
  return stats.gcTimeRatio >= stats.eventLoopUtilizationRatio / 2;
}

/** The delay a shared cause adds to a request, in seconds; undefined when its evidence is missing. */
function delayOf(cause: CheckedFinding, evidence: AnalysisEvidence): number | undefined {
  if (cause.check === 'db-client.pool-saturation')
    return evidence.dbClient?.pools.find((p) => p.pool === cause.target.db_client_connection_pool_name)
      ?.meanWaitSeconds;
  const stats = evidence.runtime?.instances.find((i) => i.instance === cause.target.instance);
  if (stats?.eventLoopLagP99PeakSeconds === undefined || stats.eventLoopLaggingRatio === undefined)
    return undefined;
  // The worst lag, weighted by how much of the range the loop spent lagging.
  return stats.eventLoopLagP99PeakSeconds * stats.eventLoopLaggingRatio;
}

/**
 * The event loops and pools that account for a request's delay: a loop whose peak lag reaches
 * {@link LOOP_LAG_SHARE_OF_LATENCY} of the request's p95, a pool the request takes connections from, and of
 * those the ones whose delay is within {@link SHARED_CAUSE_DELAY_SHARE} of the largest. Unknown numbers
 * keep a candidate.
 */
export function sharedResourceCauses(
  all: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
  request: { p95Seconds: number | undefined; usesPool: (pool: string | undefined) => boolean },
): CheckedFinding[] {
  const loops = all.filter((f) => {
    if (f.check !== 'runtime.event-loop-saturation') return false;
    const lag = evidence.runtime?.instances.find(
      (i) => i.instance === f.target.instance,
    )?.eventLoopLagP99PeakSeconds;
    return (
      lag === undefined ||
      request.p95Seconds === undefined ||
      lag >= LOOP_LAG_SHARE_OF_LATENCY * request.p95Seconds
    );
  });
  const pools = all.filter(
    (f) =>
      f.check === 'db-client.pool-saturation' && request.usesPool(f.target.db_client_connection_pool_name),
  );
  const candidates = [...pools, ...loops].map((cause) => ({ cause, delay: delayOf(cause, evidence) }));
  const largest = Math.max(0, ...candidates.map((c) => c.delay ?? 0));
  return candidates
    .filter((c) => c.delay === undefined || c.delay >= SHARED_CAUSE_DELAY_SHARE * largest)
    .map((c) => c.cause);
}

/** The service-side p95 of a route. */
export const routeP95 = (method: string | undefined, route: string | undefined, evidence: AnalysisEvidence) =>
  evidence.api?.routes.find((r) => r.method === method && r.route === route)?.p95DurationSeconds;

/** k6's p95 of a breach's request name. */
export const requestP95 = (breach: CheckedFinding, evidence: AnalysisEvidence) =>
  evidence.loadTest?.requests.find((r) => r.name === breach.target.name && r.method === breach.target.method)
    ?.p95Seconds;

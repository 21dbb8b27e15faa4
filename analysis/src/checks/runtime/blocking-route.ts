import { HTTP_REQUEST_DURATION, ROUTE_DB_SECONDS, selector } from '@perflens/conventions';
import type { ApiEvidence, RouteStats } from '../../sources/api-evidence';
import type { RuntimeEvidence, RuntimeInstanceStats } from '../../sources/runtime-evidence';
import { routeBlockingEvidenceQueries } from '../../sources/runtime-evidence-routes';

/** A route measured holding the loop (perflens_http_route_blocking_seconds_total). */
export interface MeasuredBlockingRoute {
  kind: 'measured';
  /** "POST /auth/login" */
  name: string;
  /** Seconds per second the route's code held the instance's loop. */
  blockingSecondsPerSecond: number;
  /** ...per call: how long one request holds the loop. */
  secondsPerCall: number;
  /** Its share of the instance's mean utilisation; absent when the loop reported none. */
  utilizationShare?: number;
  /** One-series queries returning secondsPerCall and utilizationShare. */
  queries: { perCall: string; utilizationShare: string };
}

/** A route inferred from its time outside the database, for services without the blocking counter. */
export interface InferredBlockingRoute {
  kind: 'inferred';
  name: string;
  route: RouteStats;
  /** Seconds per second the route's typical requests spend outside the database. */
  outsideDatabaseSecondsPerSecond: number;
  /** Its share of all routes' time outside the database. */
  share: number;
  /** One series: the route's time outside the database per second. */
  query: string;
}

export type BlockingRoute = MeasuredBlockingRoute | InferredBlockingRoute;

/**
 * Below this share (of the loop's measured busy time, or of all routes' time outside the database) no
 * route stands out: the loop is busy with everything a little (serialisation, logging), and naming one
 * route would mislead.
 */
export const BLOCKING_ROUTE_MIN_SHARE = 0.4;

/**
 * Time outside the database can only be synchronous work up to the time the loop was busy: past this
 * multiple of the service's busy seconds per second, a route's time outside the database is mostly
 * waiting (another service, a timer, the loop itself), and the route is not named. The slack covers the
 * median standing for the mean and the utilisation gauge's sampling per scrape.
 */
export const BUSY_TIME_MATCH_FACTOR = 1.5;

export interface BlockingRouteInput {
  runtime: RuntimeEvidence;
  instance: RuntimeInstanceStats;
  api?: ApiEvidence | undefined;
  /** runtime.eventLoopLagP99Seconds: a route holding the loop this long per call blocks it whatever its share. */
  lagLimitSeconds: number;
}

/**
 * The route most likely to block this instance's loop. Measured where the instrumentation reports each
 * route's synchronous time: the route whose calls hold the loop past the lag threshold (the most time of
 * those), else the route holding the largest share of the loop's busy time when that share is at least
 * {@link BLOCKING_ROUTE_MIN_SHARE}; no fallback to inference there, since the measure says no route blocks.
 * Inferred otherwise ({@link findInferredBlockingRoute}).
 */
export function findBlockingRoute(input: BlockingRouteInput): BlockingRoute | undefined {
  const measured = input.runtime.routeBlocking;
  const routes = measured?.byInstance.get(input.instance.instance);
  if (measured === undefined || routes === undefined) {
    const busy = input.runtime.instances.reduce((sum, i) => sum + (i.eventLoopUtilizationRatio ?? 0), 0);
    return findInferredBlockingRoute(input.api, busy);
  }
  const utilization = input.instance.eventLoopUtilizationRatio ?? 0;
  const candidates = routes.map((r) => ({
    ...r,
    secondsPerCall: r.requestsPerSecond > 0 ? r.blockingSecondsPerSecond / r.requestsPerSecond : 0,
    utilizationShare: utilization > 0 ? r.blockingSecondsPerSecond / utilization : undefined,
  }));
  // Sorted by blocking time already: the first long blocker is the one holding the loop the most.
  const chosen =
    candidates.find((r) => r.secondsPerCall >= input.lagLimitSeconds) ??
    candidates.find(
      (r) => r.utilizationShare !== undefined && r.utilizationShare >= BLOCKING_ROUTE_MIN_SHARE,
    );
  if (chosen === undefined || chosen.blockingSecondsPerSecond <= 0) return undefined;
  return {
    kind: 'measured',
    name: `${chosen.method} ${chosen.route}`,
    blockingSecondsPerSecond: chosen.blockingSecondsPerSecond,
    secondsPerCall: chosen.secondsPerCall,
    // A share above 1 is the counter summed over cluster workers against their averaged utilisation.
    ...(chosen.utilizationShare !== undefined
      ? { utilizationShare: Math.min(1, chosen.utilizationShare) }
      : {}),
    queries: routeBlockingEvidenceQueries(measured, input.instance.instance, chosen),
  };
}

/**
 * Without the blocking counter, the instrumentation measures each route's database time
 * (perflens_http_route_db_seconds_total), not its CPU time; a request's time outside the database is
 * what is left: synchronous work, waiting on other services, and waiting behind the loop. Of those only
 * the first keeps the loop busy. The typical request (the median) tells them apart where the mean cannot:
 * a handler computing 200 ms per call takes 200 ms every time, while a route calling another service
 * through a blocked loop is slow only in its tail. So: requests per second × (median duration − mean
 * database time per request). Undefined when no route holds {@link BLOCKING_ROUTE_MIN_SHARE} of the
 * total, or when the top route's time is not matched by the loop's busy time (`busySecondsPerSecond`,
 * the instances' mean utilisations summed): a route awaiting a 400 ms HTTP call twice a second spends
 * 0.8 s per second outside the database on a loop busy 0.2 s per second, and is waiting, not blocking.
 */
export function findInferredBlockingRoute(
  api: ApiEvidence | undefined,
  busySecondsPerSecond: number,
): InferredBlockingRoute | undefined {
  if (!api) return undefined;
  const outside = api.routes
    .map((route) => ({ route, typical: route.p50DurationSeconds ?? route.meanDurationSeconds }))
    .filter((r): r is { route: RouteStats; typical: number } => r.typical !== undefined)
    .map(({ route, typical }) => ({
      route,
      seconds: route.requestsPerSecond * Math.max(0, typical - (route.dbSecondsPerRequest ?? 0)),
    }))
    .sort((a, b) => b.seconds - a.seconds || a.route.route.localeCompare(b.route.route));
  const total = outside.reduce((sum, r) => sum + r.seconds, 0);
  const [top] = outside;
  if (!top || total <= 0 || top.seconds / total < BLOCKING_ROUTE_MIN_SHARE) return undefined;
  if (top.seconds > BUSY_TIME_MATCH_FACTOR * busySecondsPerSecond) return undefined;
  const labels = { job: api.job, http_request_method: top.route.method, http_route: top.route.route };
  const rate = (metric: string) => `sum(rate(${selector(metric, labels)}[${api.range}]))`;
  const requests = rate(`${HTTP_REQUEST_DURATION}_count`);
  const median = `histogram_quantile(0.5, sum by (le) (rate(${selector(`${HTTP_REQUEST_DURATION}_bucket`, labels)}[${api.range}])))`;
  return {
    kind: 'inferred',
    name: `${top.route.method} ${top.route.route}`,
    route: top.route,
    outsideDatabaseSecondsPerSecond: top.seconds,
    share: top.seconds / total,
    query: `${requests} * (${median} - (${rate(ROUTE_DB_SECONDS)} / ${requests} or vector(0)))`,
  };
}

import { HTTP_REQUEST_DURATION, ROUTE_DB_SECONDS, selector } from '@perflens/conventions';
import type { ApiEvidence, RouteStats } from '../../sources/api-evidence';

/** The route most likely to block the event loop, and how much of the service's time it spends outside the database. */
export interface BlockingRoute {
  route: RouteStats;
  /** Seconds per second the route's typical requests spend outside the database. */
  outsideDatabaseSecondsPerSecond: number;
  /** Its share of all routes' time outside the database. */
  share: number;
  /** One series: the route's time outside the database per second. */
  query: string;
}

/**
 * Below this share of the service's time outside the database, no route stands out: the loop is busy with
 * everything a little (serialisation, logging), and naming one route would mislead.
 */
export const BLOCKING_ROUTE_MIN_SHARE = 0.4;

/**
 * The instrumentation measures each route's database time (perflens_http_route_db_seconds_total), not its
 * CPU time; a request's time outside the database is what is left: synchronous work, waiting on other
 * services, and waiting behind the loop. Of those only the first keeps the loop busy. The typical request
 * (the median) tells them apart where the mean cannot: a handler computing 200 ms per call takes 200 ms
 * every time, while a route calling another service through a blocked loop is slow only in its tail.
 * So: requests per second × (median duration − mean database time per request). Undefined when no route
 * holds {@link BLOCKING_ROUTE_MIN_SHARE} of the total.
 */
export function findBlockingRoute(api: ApiEvidence | undefined): BlockingRoute | undefined {
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
  const labels = { job: api.job, http_request_method: top.route.method, http_route: top.route.route };
  const rate = (metric: string) => `sum(rate(${selector(metric, labels)}[${api.range}]))`;
  const requests = rate(`${HTTP_REQUEST_DURATION}_count`);
  const median = `histogram_quantile(0.5, sum by (le) (rate(${selector(`${HTTP_REQUEST_DURATION}_bucket`, labels)}[${api.range}])))`;
  return {
    route: top.route,
    outsideDatabaseSecondsPerSecond: top.seconds,
    share: top.seconds / total,
    query: `${requests} * (${median} - (${rate(ROUTE_DB_SECONDS)} / ${requests} or vector(0)))`,
  };
}

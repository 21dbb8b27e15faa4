import type { ApiEvidence, RouteStats } from '../../sources/api-evidence';

/** The target labels of a route finding (the same labels the dashboards filter on). */
export function routeTarget(evidence: ApiEvidence, route: RouteStats): Record<string, string> {
  return { job: evidence.job, http_request_method: route.method, http_route: route.route };
}

/** "GET /orders/:id" */
export function routeName(route: RouteStats): string {
  return `${route.method} ${route.route}`;
}

/** The route's share of the service's requests. */
export function trafficShare(evidence: ApiEvidence, route: RouteStats): number {
  return evidence.totalRequestsPerSecond > 0 ? route.requestsPerSecond / evidence.totalRequestsPerSecond : 0;
}

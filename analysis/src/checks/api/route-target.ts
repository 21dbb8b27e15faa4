import type { ApiEvidence, RouteStats } from '../../sources/api-evidence';

/** The target labels of a route finding (the same labels the dashboards filter on). */
export function routeTarget(evidence: ApiEvidence, route: RouteStats): Record<string, string> {
  return { job: evidence.job, http_request_method: route.method, http_route: route.route };
}

/** "GET /orders/:id" */
export function routeName(route: RouteStats): string {
  return `${route.method} ${route.route}`;
}

/**
 * The evidence query of a route's share of the service's requests: its request rate over the sum of every
 * route's (the value {@link trafficShare} computes), one series per route.
 */
export function trafficShareQuery(evidence: ApiEvidence): string {
  return `${evidence.queries.requests} / scalar(sum(${evidence.queries.requests}))`;
}

/**
 * `numerator / denominator` of two batched per-route queries, each in parentheses: without them PromQL reads
 * `a / b / c / d` left to right, and the pasted query gives another number than the finding.
 */
export function ratioQuery(numerator: string, denominator: string): string {
  return `(${numerator}) / (${denominator})`;
}

/** The route's share of the service's requests. */
export function trafficShare(evidence: ApiEvidence, route: RouteStats): number {
  return evidence.totalRequestsPerSecond > 0 ? route.requestsPerSecond / evidence.totalRequestsPerSecond : 0;
}

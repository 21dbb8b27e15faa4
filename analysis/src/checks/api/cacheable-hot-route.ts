import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { ApiEvidence } from '../../sources/api-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { routeName, routeTarget, trafficShare, trafficShareQuery } from './route-target';

export const cacheableHotRouteCheck: CheckMetadata = {
  id: 'api.cacheable-hot-route',
  layer: 'api',
  title: 'Hot route that could be cached',
  whyItMatters:
    'A read-only route carries a large share of the traffic and queries the database on every request; a short-lived cache would remove most of that load.',
  scoring: 'Route share of traffic × database share of its time × 100.',
  thresholds:
    'GET or HEAD routes with at least api.cacheableTrafficShareRatio (20%) of the traffic and api.cacheableMinRequestsPerSecond (50), at least one database query per request, and a 5xx ratio under 1%.',
  remedy:
    'Cache the response (Cache-Control for shared caches, or an in-process LRU with a TTL) and invalidate on writes.',
};

/** Hot read-only routes whose every request goes to the database. */
export function findCacheableHotRoutes(
  evidence: ApiEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const limit = thresholds.values.api.cacheableTrafficShareRatio;
  const findings: CheckedFinding[] = [];
  for (const route of evidence.routes) {
    if (route.method !== 'GET' && route.method !== 'HEAD') continue;
    const share = trafficShare(evidence, route);
    const queries = route.dbQueriesPerRequest ?? 0;
    const errorRatio =
      route.requestsPerSecond > 0 ? route.serverErrorsPerSecond / route.requestsPerSecond : 0;
    if (share < limit || queries < 1 || errorRatio >= 0.01) continue;
    if (route.requestsPerSecond < thresholds.values.api.cacheableMinRequestsPerSecond) continue;
    const db = route.dbSecondsPerRequest ?? 0;
    const dbShare = route.meanDurationSeconds ? clamp01(db / route.meanDurationSeconds) : 0;
    findings.push(
      makeFinding(cacheableHotRouteCheck, {
        target: routeTarget(evidence, route),
        severity: 'info',
        impact: {
          score: share * dbShare * 100,
          explanation: `${routeName(route)} carries ${formatPercent(share)} of traffic and spends ${formatPercent(dbShare)} of its time in the database.`,
        },
        title: `${routeName(route)}: ${formatPercent(share)} of traffic (${formatNumber(route.requestsPerSecond)} req/s), ${formatNumber(queries)} database queries per request`,
        evidence: [
          {
            label: 'share of traffic',
            query: trafficShareQuery(evidence),
            value: share,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'api.cacheableTrafficShareRatio'),
          },
          {
            label: 'queries per request',
            query: evidence.queries.dbQueriesPerRequest,
            value: queries,
            unit: 'queries_per_request',
            threshold: 1,
            thresholdSource: 'default',
          },
        ],
        recommendations: [
          {
            kind: 'cache-route',
            method: route.method,
            route: route.route,
            requestsPerSecond: route.requestsPerSecond,
            queriesPerRequest: queries,
            dbSecondsPerRequest: db,
          },
        ],
      }),
    );
  }
  return findings;
}

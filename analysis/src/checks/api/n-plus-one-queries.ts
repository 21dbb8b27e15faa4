import { ROUTE_DB_QUERIES } from '@perflens/conventions';
import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { ApiEvidence } from '../../sources/api-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { routeName, routeTarget, trafficShare } from './route-target';

export const nPlusOneQueriesCheck: CheckMetadata = {
  id: 'api.n-plus-one-queries',
  layer: 'api',
  title: 'N+1 queries',
  whyItMatters:
    'The route issues many database queries per request, typically one per item of a list: each adds a network round trip and a statement parse, and the count grows with the data.',
  scoring: 'Route share of traffic × database share of its time (0.5 when unknown) × 100.',
  thresholds: `api.queriesPerRequest (10) database queries per request (${ROUTE_DB_QUERIES} / requests).`,
  remedy: 'Load related rows in one query (JOIN, or WHERE id = ANY($1)) or batch them (DataLoader).',
};

/** Routes that issue so many queries per request that they are likely loading items one by one. */
export function findNPlusOneQueries(evidence: ApiEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  const limit = thresholds.values.api.queriesPerRequest;
  const findings: CheckedFinding[] = [];
  for (const route of evidence.routes) {
    const queries = route.dbQueriesPerRequest;
    if (
      route.requestsPerSecond < thresholds.values.api.minRequestsPerSecond ||
      queries === undefined ||
      queries < limit
    )
      continue;
    const share = trafficShare(evidence, route);
    const dbShare =
      route.dbSecondsPerRequest !== undefined && route.meanDurationSeconds
        ? clamp01(route.dbSecondsPerRequest / route.meanDurationSeconds)
        : 0.5;
    const perQuery =
      route.dbSecondsPerRequest !== undefined ? route.dbSecondsPerRequest / queries : undefined;
    findings.push(
      makeFinding(nPlusOneQueriesCheck, {
        target: routeTarget(evidence, route),
        severity: 'warning',
        impact: {
          score: share * dbShare * 100,
          explanation: `${routeName(route)} carries ${formatPercent(share)} of traffic and spends ${formatPercent(dbShare)} of its time in its ${formatNumber(queries)} queries per request.`,
        },
        title: `${routeName(route)}: ${formatNumber(queries)} database queries per request (N+1 pattern)`,
        evidence: [
          {
            label: 'queries per request',
            query: evidence.queries.dbQueriesPerRequest,
            value: queries,
            unit: 'queries_per_request',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'api.queriesPerRequest'),
          },
        ],
        recommendations: [
          {
            kind: 'batch-queries',
            method: route.method,
            route: route.route,
            queriesPerRequest: queries,
            ...(perQuery !== undefined ? { secondsPerQuery: perQuery } : {}),
          },
        ],
      }),
    );
  }
  return findings;
}

import { ROUTE_DB_SECONDS } from '@perflens/conventions';
import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { ApiEvidence } from '../../sources/api-evidence';
import {
  latencyObjectiveFor,
  type ResolvedThresholds,
  thresholdSource,
} from '../../thresholds/resolve-thresholds';
import { ratioQuery, routeName, routeTarget, trafficShare } from './route-target';

export const databaseBoundRouteCheck: CheckMetadata = {
  id: 'api.database-bound-route',
  layer: 'api',
  title: 'Database-bound route',
  whyItMatters:
    'Most of the route’s time is spent waiting for the database, so speeding up the handler code will not help; the statements it runs will.',
  scoring:
    'Route share of traffic × database share of its time × (mean latency / latency threshold, at most 1) × 100: heavy, slow and busy routes rank first.',
  thresholds: `api.databaseShareRatio (50%) of request time in the database (${ROUTE_DB_SECONDS} per request / mean duration). Warning when the route’s p95 is above its latency threshold, info otherwise.`,
  remedy: 'Optimise the statements linked as causes (indexes, fewer round trips), or cache the result.',
};

/** Routes that spend most of their request time in database calls. */
export function findDatabaseBoundRoutes(
  evidence: ApiEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const limit = thresholds.values.api.databaseShareRatio;
  const findings: CheckedFinding[] = [];
  for (const route of evidence.routes) {
    const { dbSecondsPerRequest: db, meanDurationSeconds: mean } = route;
    if (route.requestsPerSecond < thresholds.values.api.minRequestsPerSecond) continue;
    if (db === undefined || mean === undefined || mean <= 0) continue;
    const dbShare = clamp01(db / mean);
    if (dbShare < limit) continue;
    const objective = latencyObjectiveFor(thresholds, route.route);
    const slow = (route.p95DurationSeconds ?? 0) > objective.thresholdSeconds;
    const share = trafficShare(evidence, route);
    const slowness = clamp01(mean / objective.thresholdSeconds);
    const score = share * dbShare * slowness * 100;
    findings.push(
      makeFinding(databaseBoundRouteCheck, {
        target: routeTarget(evidence, route),
        severity: slow ? 'warning' : 'info',
        impact: {
          score,
          explanation: `${routeName(route)} carries ${formatPercent(share)} of traffic, spends ${formatPercent(dbShare)} of its time in the database, and its mean latency is ${formatPercent(slowness)} of the ${formatSeconds(objective.thresholdSeconds)} threshold.`,
        },
        // Statements that run in parallel add up to more database time than the request lasts.
        title:
          db > mean
            ? `${routeName(route)}: all of its request time in the database (${formatSeconds(db)} of queries in parallel within ${formatSeconds(mean)} per request)`
            : `${routeName(route)}: ${formatPercent(dbShare)} of request time in the database (${formatSeconds(db)} of ${formatSeconds(mean)} per request)`,
        evidence: [
          {
            label: 'database share of request time',
            // Clamped as the value is: client-side database time can exceed the request time (parallel queries).
            query: `clamp_max(${ratioQuery(evidence.queries.dbSecondsPerRequest, evidence.queries.meanDuration)}, 1)`,
            value: dbShare,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'api.databaseShareRatio'),
          },
          {
            label: 'database time per request',
            query: evidence.queries.dbSecondsPerRequest,
            value: db,
            unit: 'seconds',
          },
          {
            label: 'mean latency',
            query: evidence.queries.meanDuration,
            value: mean,
            unit: 'seconds',
            threshold: objective.thresholdSeconds,
            thresholdSource: objective.source,
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: `Optimise the statements ${routeName(route)} runs, starting with the causes linked below; cache the response if it is read far more often than it changes.`,
            expectedEffect: `Up to ${formatSeconds(db)} less per request: the route would take ${formatSeconds(mean - db)} without its database time.`,
            effort: 'medium',
          },
        ],
      }),
    );
  }
  return findings;
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatPercent, formatSeconds } from '../../findings/format-values';
import { errorBudget, makeFinding } from '../../findings/make-finding';
import { severityFromBurnRate } from '../../findings/severity-bands';
import { type ApiEvidence, routeSlowShareQuery } from '../../sources/api-evidence';
import {
  latencyObjectiveFor,
  type ResolvedThresholds,
  thresholdSource,
} from '../../thresholds/resolve-thresholds';
import { routeName, routeTarget, trafficShare } from './route-target';

export const routeSlowerThanSloCheck: CheckMetadata = {
  id: 'api.route-slower-than-slo',
  layer: 'api',
  title: 'Route slower than its SLO',
  whyItMatters:
    'More requests than the latency SLO allows are slower than its threshold: users wait, and the error budget burns faster than the SLO period allows.',
  scoring:
    'Percent of all the service’s requests that were requests to this route slower than the threshold (route share of traffic × its slow share × 100).',
  thresholds:
    'Threshold and objective from the latency SLO covering the route (route-specific first, then job-wide); otherwise api.latencyThresholdSeconds (0.5 s) and api.latencyObjectiveRatio (99%). Critical when the burn rate reaches the SLO’s page burn rate (14.4 for 30 days, SRE workbook), warning above 1. Routes under api.minRequestsPerSecond are not judged.',
  remedy:
    'Follow the linked causes (database time, N+1, a dominant statement, pool waits); without one, profile the handler.',
};

/** Routes whose share of requests slower than the SLO threshold exceeds the SLO's error budget. */
export function findRoutesSlowerThanSlo(
  evidence: ApiEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const findings: CheckedFinding[] = [];
  for (const route of evidence.routes) {
    if (route.requestsPerSecond < thresholds.values.api.minRequestsPerSecond) continue;
    const objective = latencyObjectiveFor(thresholds, route.route);
    const within = route.withinThresholdRatio[String(objective.thresholdSeconds)];
    if (within === undefined) continue;
    const slowRatio = Math.max(0, 1 - within);
    const budget = errorBudget(objective.objectiveRatio);
    const burnRate = budget > 0 ? slowRatio / budget : Infinity;
    const severity = severityFromBurnRate(burnRate, objective.pageBurnRate);
    if (!severity) continue;
    const share = trafficShare(evidence, route);
    const score = share * slowRatio * 100;
    const threshold = formatSeconds(objective.thresholdSeconds);
    const slowShareQuery = routeSlowShareQuery(evidence, route, objective.thresholdSeconds);
    findings.push(
      makeFinding(routeSlowerThanSloCheck, {
        target: routeTarget(evidence, route),
        severity,
        impact: {
          score,
          explanation: `${formatPercent(score / 100)} of all ${evidence.job} requests were ${routeName(route)} requests slower than ${threshold} (route share ${formatPercent(share)} × slow share ${formatPercent(slowRatio)}).`,
        },
        title: `${routeName(route)}: ${formatPercent(slowRatio)} of requests slower than ${threshold} (SLO allows ${formatPercent(budget)})${
          route.p95DurationSeconds !== undefined ? `, p95 ${formatSeconds(route.p95DurationSeconds)}` : ''
        }`,
        evidence: [
          {
            label: `share of requests slower than ${threshold}`,
            query: slowShareQuery,
            value: slowRatio,
            unit: 'ratio',
            threshold: budget,
            thresholdSource: objective.source,
          },
          {
            label: 'budget burn rate',
            query: `(${slowShareQuery}) / (1 - ${objective.objectiveRatio})`,
            value: burnRate,
            unit: 'score',
            threshold: objective.pageBurnRate,
            thresholdSource: objective.source,
          },
          ...(route.p95DurationSeconds !== undefined
            ? [
                {
                  label: 'p95 latency',
                  query: evidence.queries.p95Duration,
                  value: route.p95DurationSeconds,
                  unit: 'seconds' as const,
                  threshold: objective.thresholdSeconds,
                  thresholdSource: objective.source,
                },
              ]
            : []),
          {
            label: 'request rate',
            query: evidence.queries.requests,
            value: route.requestsPerSecond,
            unit: 'requests_per_second',
            threshold: thresholds.values.api.minRequestsPerSecond,
            thresholdSource: thresholdSource(thresholds, 'api.minRequestsPerSecond'),
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: `Find where ${routeName(route)} spends its time: the causes linked to this finding (database share, N+1, statements, pool waits) come first; without one, profile the handler (node --cpu-prof under load).`,
            expectedEffect: `Bringing the slow share under ${formatPercent(budget)} stops the budget burn; ${formatPercent(share)} of traffic is on this route.`,
            effort: 'medium',
          },
        ],
      }),
    );
  }
  return findings;
}

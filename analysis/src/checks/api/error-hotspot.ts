import { promNumber } from '@perflens/conventions';
import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent } from '../../findings/format-values';
import { errorBudget, makeFinding } from '../../findings/make-finding';
import { severityFromBurnRate } from '../../findings/severity-bands';
import type { ApiEvidence } from '../../sources/api-evidence';
import { availabilityObjectiveFor, type ResolvedThresholds } from '../../thresholds/resolve-thresholds';
import { ratioQuery, routeName, routeTarget } from './route-target';

export const errorHotspotCheck: CheckMetadata = {
  id: 'api.error-hotspot',
  layer: 'api',
  title: 'Error hotspot',
  whyItMatters:
    'A route answers with server errors (5xx) more often than the availability SLO allows: those users got no answer.',
  scoring: 'Percent of all the service’s requests that were server errors of this route.',
  thresholds:
    'Error budget from the availability SLO covering the route, else api.availabilityObjectiveRatio (99.9%). Critical at the SLO’s page burn rate, warning above burn rate 1 (SRE workbook, "Alerting on SLOs").',
  remedy:
    'Read the route’s error logs for the dominant exception; check the database and pool findings linked as causes.',
};

/** Routes whose 5xx ratio burns the availability error budget. */
export function findErrorHotspots(evidence: ApiEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  const findings: CheckedFinding[] = [];
  for (const route of evidence.routes) {
    if (
      route.requestsPerSecond < thresholds.values.api.minRequestsPerSecond ||
      route.serverErrorsPerSecond <= 0
    )
      continue;
    const objective = availabilityObjectiveFor(thresholds, route.route);
    const errorRatio = route.serverErrorsPerSecond / route.requestsPerSecond;
    const budget = errorBudget(objective.objectiveRatio);
    const burnRate = errorRatio / budget;
    const severity = severityFromBurnRate(burnRate, objective.pageBurnRate);
    if (!severity) continue;
    const score =
      evidence.totalRequestsPerSecond > 0
        ? (route.serverErrorsPerSecond / evidence.totalRequestsPerSecond) * 100
        : 0;
    findings.push(
      makeFinding(errorHotspotCheck, {
        target: routeTarget(evidence, route),
        severity,
        impact: {
          score,
          explanation: `${formatPercent(score / 100)} of all ${evidence.job} requests were server errors of ${routeName(route)}.`,
        },
        title: `${routeName(route)}: ${formatPercent(errorRatio)} server errors (${formatNumber(route.serverErrorsPerSecond)}/s; SLO allows ${formatPercent(budget)})`,
        evidence: [
          {
            label: '5xx ratio',
            query: ratioQuery(evidence.queries.serverErrors, evidence.queries.requests),
            value: errorRatio,
            unit: 'ratio',
            threshold: budget,
            thresholdSource: objective.source,
          },
          {
            label: 'budget burn rate',
            query: `${ratioQuery(evidence.queries.serverErrors, evidence.queries.requests)} / ${promNumber(budget)}`,
            value: burnRate,
            unit: 'score',
            threshold: objective.pageBurnRate,
            thresholdSource: objective.source,
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: `Group the errors of ${routeName(route)} by exception in the service logs and fix the dominant one; if they are timeouts, follow the linked database or pool causes.`,
            expectedEffect: `Removes up to ${formatNumber(route.serverErrorsPerSecond)} failed requests per second.`,
            effort: 'medium',
          },
        ],
      }),
    );
  }
  return findings;
}

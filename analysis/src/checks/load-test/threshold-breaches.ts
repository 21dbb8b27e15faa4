import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, errorBudget, makeFinding } from '../../findings/make-finding';
import type { LoadTestEvidence } from '../../sources/load-test-evidence';
import {
  availabilityObjectiveFor,
  latencyObjectiveFor,
  type ResolvedThresholds,
  thresholdSource,
} from '../../thresholds/resolve-thresholds';

export const thresholdBreachesCheck: CheckMetadata = {
  id: 'load-test.threshold-breaches',
  layer: 'load-test',
  title: 'Load-test threshold breach',
  whyItMatters:
    'Under the tested load, requests were slower or failed more often than the SLO allows: the release would break the SLO at that traffic.',
  scoring: 'Share of the run’s requests made to this request name × 100.',
  thresholds:
    'p95 latency against the job-wide latency SLO threshold (else loadTest.p95Seconds, 500 ms), failed-request share against the availability SLO’s error budget (else loadTest.failedRatio, 1%), the same values the k6 scripts take from the SLO file. A breach is critical: k6 itself fails the run on it (exit code 99).',
  remedy: 'Follow the API and database findings for the same time range; re-run the test after the fix.',
};

/** Request names of the run whose final p95 or failure share breaks the SLO thresholds. */
export function findThresholdBreaches(
  evidence: LoadTestEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const latency = latencyObjectiveFor(thresholds, '');
  const hasLatencySlo = latency.source.startsWith('slo:');
  const p95Limit = hasLatencySlo ? latency.thresholdSeconds : thresholds.values.loadTest.p95Seconds;
  const p95Source = hasLatencySlo ? latency.source : thresholdSource(thresholds, 'loadTest.p95Seconds');
  const availability = availabilityObjectiveFor(thresholds, '');
  const hasAvailabilitySlo = availability.source.startsWith('slo:');
  const failedLimit = hasAvailabilitySlo
    ? errorBudget(availability.objectiveRatio)
    : thresholds.values.loadTest.failedRatio;
  const failedSource = hasAvailabilitySlo
    ? availability.source
    : thresholdSource(thresholds, 'loadTest.failedRatio');
  const total = evidence.requests.reduce((sum, r) => sum + (r.requests ?? 0), 0);
  const findings: CheckedFinding[] = [];
  for (const request of evidence.requests) {
    const slow = request.p95Seconds !== undefined && request.p95Seconds > p95Limit;
    const failing = request.failedRatio !== undefined && request.failedRatio > failedLimit;
    if (!slow && !failing) continue;
    const share = total > 0 ? clamp01((request.requests ?? 0) / total) : 1 / evidence.requests.length;
    const problems = [
      ...(slow ? [`p95 ${formatSeconds(request.p95Seconds as number)} > ${formatSeconds(p95Limit)}`] : []),
      ...(failing
        ? [`${formatPercent(request.failedRatio as number)} failed > ${formatPercent(failedLimit)}`]
        : []),
    ];
    findings.push(
      makeFinding(thresholdBreachesCheck, {
        target: { testid: evidence.testid, name: request.name, method: request.method },
        severity: 'critical',
        impact: {
          score: share * 100,
          explanation: `${formatPercent(share)} of the run’s requests were ${request.method} ${request.name}.`,
        },
        title: `k6 ${evidence.testid}: ${request.method} ${request.name} ${problems.join(', ')}`,
        evidence: [
          ...(request.p95Seconds !== undefined
            ? [
                {
                  label: 'p95 latency (whole run)',
                  query: evidence.queries.p95 ?? '',
                  value: request.p95Seconds,
                  unit: 'seconds' as const,
                  threshold: p95Limit,
                  thresholdSource: p95Source,
                },
              ]
            : []),
          ...(request.failedRatio !== undefined
            ? [
                {
                  label: 'failed requests',
                  query: evidence.queries.failed ?? '',
                  value: request.failedRatio,
                  unit: 'ratio' as const,
                  threshold: failedLimit,
                  thresholdSource: failedSource,
                },
              ]
            : []),
          ...(request.requests !== undefined
            ? [
                {
                  label: 'requests in the run',
                  query: evidence.queries.requests ?? '',
                  value: request.requests,
                  unit: 'count' as const,
                },
              ]
            : []),
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: `Analyse the service over the run’s time range (perflens analyze --from/--to) and fix its top findings; then re-run test ${evidence.testid}.`,
            expectedEffect: `${request.method} ${request.name} within the SLO at ${formatNumber(request.requests ?? 0)} requests per run.`,
            effort: 'medium',
          },
        ],
      }),
    );
  }
  return findings;
}

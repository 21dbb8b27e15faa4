import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, errorBudget, makeFinding } from '../../findings/make-finding';
import {
  k6TrendStat,
  type LoadTestEvidence,
  type LoadTestRequestStats,
} from '../../sources/load-test-evidence';
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
    'The latency SLO’s own quantile of each request name (p99 for a 99% objective, as the k6 thresholds p(99)) against its threshold (else p95 against loadTest.p95Seconds, 500 ms); when k6 did not remote-write that quantile (K6_PROMETHEUS_RW_TREND_STATS), the highest lower one read, a lower bound that never reports a false breach. Failed-request share against the availability SLO’s error budget (else loadTest.failedRatio, 1%), the same values the k6 scripts take from the SLO file. A breach is critical: k6 itself fails the run on it (exit code 99).',
  remedy: 'Follow the API and database findings for the same time range; re-run the test after the fix.',
};

/** The latency a request is judged on: the SLO's quantile (or the best lower bound of it) and its limit. */
interface JudgedLatency {
  stat: string;
  seconds: number;
  limit: number;
  source: string;
  /** Set when the SLO's quantile was not remote-written and a lower one stands in for it. */
  wanted?: string;
}

function judgedLatency(
  request: LoadTestRequestStats,
  thresholds: ResolvedThresholds,
): JudgedLatency | undefined {
  const objective = latencyObjectiveFor(thresholds, request.name);
  if (!objective.source.startsWith('slo:')) {
    if (request.p95Seconds === undefined) return undefined;
    const limit = thresholds.values.loadTest.p95Seconds;
    const source = thresholdSource(thresholds, 'loadTest.p95Seconds');
    return { stat: 'p95', seconds: request.p95Seconds, limit, source };
  }
  const common = { limit: objective.thresholdSeconds, source: objective.source };
  const wanted = k6TrendStat(objective.objectiveRatio);
  const exact = request.percentileSeconds[wanted];
  if (exact !== undefined) return { stat: wanted, seconds: exact, ...common };
  // A lower quantile above the limit proves the wanted one is too; below it, it proves nothing either way.
  const lower = Object.entries(request.percentileSeconds)
    .map(([stat, seconds]) => ({ stat, seconds, percent: percentOf(stat) }))
    .filter((p) => p.percent < objective.objectiveRatio * 100)
    .sort((a, b) => b.percent - a.percent)[0];
  return lower ? { stat: lower.stat, seconds: lower.seconds, wanted, ...common } : undefined;
}

/** `p995` → 99.5: k6 drops the dot, and every percentile name starts with two integer digits. */
function percentOf(stat: string): number {
  const digits = stat.slice(1);
  return Number(`${digits.slice(0, 2)}.${digits.slice(2) || '0'}`);
}

/** Request names of the run whose final latency quantile or failure share breaks the SLO thresholds. */
export function findThresholdBreaches(
  evidence: LoadTestEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
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
    const latency = judgedLatency(request, thresholds);
    const slow = latency !== undefined && latency.seconds > latency.limit;
    const failing = request.failedRatio !== undefined && request.failedRatio > failedLimit;
    if (!slow && !failing) continue;
    const share = total > 0 ? clamp01((request.requests ?? 0) / total) : 1 / evidence.requests.length;
    const problems = [
      ...(slow && latency
        ? [`${latency.stat} ${formatSeconds(latency.seconds)} > ${formatSeconds(latency.limit)}`]
        : []),
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
          ...(latency
            ? [
                {
                  label: latency.wanted
                    ? `${latency.stat} latency (whole run; ${latency.wanted} not remote-written, a lower bound)`
                    : `${latency.stat} latency (whole run)`,
                  query: evidence.queries[latency.stat as `p${number}`] ?? '',
                  value: latency.seconds,
                  unit: 'seconds' as const,
                  threshold: latency.limit,
                  thresholdSource: latency.source,
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

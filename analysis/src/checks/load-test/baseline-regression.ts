import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { LoadTestEvidence } from '../../sources/load-test-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const baselineRegressionCheck: CheckMetadata = {
  id: 'load-test.baseline-regression',
  layer: 'load-test',
  title: 'Regression against the baseline run',
  whyItMatters:
    'The same load test got slower than the baseline run: the change under test costs latency even if it still meets the SLO.',
  scoring: '(p95 / baseline p95 − 1, at most 1) × 40.',
  thresholds:
    'loadTest.regressionRatio (1.2): p95 at least 20% slower than in the baseline run (--baseline-testid).',
  remedy:
    'Diff what changed between the two runs (code, data volume, configuration); profile the regressed request.',
};

/** Request names whose p95 regressed against the baseline run. */
export function findBaselineRegressions(
  evidence: LoadTestEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  if (!evidence.baselineTestid) return [];
  const limit = thresholds.values.loadTest.regressionRatio;
  const findings: CheckedFinding[] = [];
  for (const request of evidence.requests) {
    const { p95Seconds: now, baselineP95Seconds: before } = request;
    if (now === undefined || before === undefined || before <= 0) continue;
    const ratio = now / before;
    if (ratio < limit) continue;
    findings.push(
      makeFinding(baselineRegressionCheck, {
        target: { testid: evidence.testid, name: request.name, method: request.method },
        severity: 'warning',
        impact: {
          score: clamp01(ratio - 1) * 40,
          explanation: `p95 is ${formatPercent(ratio - 1)} slower than in ${evidence.baselineTestid}.`,
        },
        title: `k6 ${evidence.testid}: ${request.method} ${request.name} p95 ${formatSeconds(now)} vs ${formatSeconds(before)} in ${evidence.baselineTestid} (+${formatPercent(ratio - 1)})`,
        evidence: [
          {
            label: 'p95 / baseline p95',
            query: `${evidence.queries.p95} / ${evidence.queries.baselineP95}`,
            value: ratio,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'loadTest.regressionRatio'),
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: `Compare the service findings of both runs (perflens analyze --testid ${evidence.baselineTestid}, then --testid ${evidence.testid}) and the changes between them.`,
            expectedEffect: `p95 back to about ${formatSeconds(before)}.`,
            effort: 'medium',
          },
        ],
      }),
    );
  }
  return findings;
}

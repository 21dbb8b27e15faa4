import { formatNumber } from '../findings/format-values';
import { roundTo } from '../findings/make-finding';
import type { ScoredFinding } from './inherit-scores';
import { INHERITED_SCORE_SHARE } from './inherit-scores';

/**
 * The service's own SLO breaches: what its users are promised, measured by the service and by k6 (a busy
 * shared host does not outrank them unless it explains them).
 */
export const SLO_CHECKS: ReadonlySet<string> = new Set([
  'api.route-slower-than-slo',
  'api.error-hotspot',
  'load-test.threshold-breaches',
]);

/**
 * Host findings that explain nothing of the service. A host is often shared (other tenants, a CI runner, a
 * laptop): CPU 99% busy there is the machine's problem, not necessarily the service's. Unless attribution
 * linked a host finding as a cause (rank/attribute-causes.ts: host CPU explains a slow route only when the
 * service's own event loop is saturated too), it is at most a warning, so `--fail-on critical` does not fail
 * on it, and it ranks below the service's SLO findings: its score becomes at most 95% of the lowest of theirs.
 * Runs after inheritScores (a linked host finding already ranks with what it explains).
 */
export function containUnlinkedHostFindings<F extends ScoredFinding>(findings: readonly F[]): F[] {
  const linked = new Set(findings.flatMap((f) => f.causedBy));
  const sloScores = findings.filter((f) => SLO_CHECKS.has(f.check)).map((f) => f.impact.score);
  const ceiling =
    sloScores.length > 0 ? roundTo(Math.min(...sloScores) * INHERITED_SCORE_SHARE, 2) : Infinity;
  return findings.map((f) => {
    if (f.layer !== 'host' || linked.has(f.id)) return f;
    const capped = f.impact.score > ceiling;
    return {
      ...f,
      severity: f.severity === 'critical' ? 'warning' : f.severity,
      impact: capped
        ? {
            score: ceiling,
            explanation: `${f.impact.explanation} Ranked below the service’s SLO findings (score ${formatNumber(ceiling)}), which it does not explain.`,
          }
        : f.impact,
    };
  });
}

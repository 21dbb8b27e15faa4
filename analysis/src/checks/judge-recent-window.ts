import type { CheckedFinding } from '../findings/finding';
import { severityRank } from '../findings/finding';

/**
 * The checks whose judgement averaging over the range dilutes: a bottleneck switched on two minutes before
 * the end of a 15-minute range is a seventh of its rates. They judge the recent window too
 * (sources/recent-window.ts), and the worse judgement stands.
 */
export const RECENT_WINDOW_CHECKS: ReadonlySet<string> = new Set([
  'api.route-slower-than-slo',
  'api.database-bound-route',
  'postgres.top-time-statements',
  'postgres.slow-statements',
  'postgres.sequential-scans',
]);

/** Whether `a` is a worse judgement than `b`: more severe, else a larger measured magnitude. */
function worse(a: CheckedFinding, b: CheckedFinding): boolean {
  const bySeverity = severityRank(b.severity) - severityRank(a.severity);
  return bySeverity > 0 || (bySeverity === 0 && a.ownImpact.score > b.ownImpact.score);
}

/** A recent-window finding whose evidence says which window it was judged on. */
function markedRecent(finding: CheckedFinding, window: string): CheckedFinding {
  return { ...finding, evidence: finding.evidence.map((e) => ({ ...e, label: `${e.label} (${window})` })) };
}

/**
 * Merges the findings of the whole range with those of its recent window (`window` names it, `last 2m30s of
 * 15m`): for each finding of a {@link RECENT_WINDOW_CHECKS} check, the worse of the two judgements, and the
 * findings only the recent window saw. Findings judged on the recent window say so in each evidence label;
 * unmarked evidence is the whole range's.
 */
export function takeWorseJudgement(
  whole: readonly CheckedFinding[],
  recent: readonly CheckedFinding[],
  window: string,
): CheckedFinding[] {
  const recentById = new Map(
    recent.filter((f) => RECENT_WINDOW_CHECKS.has(f.check)).map((f) => [f.id, f] as const),
  );
  const merged = whole.map((f) => {
    const other = recentById.get(f.id);
    recentById.delete(f.id);
    return other && worse(other, f) ? markedRecent(other, window) : f;
  });
  return [...merged, ...[...recentById.values()].map((f) => markedRecent(f, window))];
}

import type { Impact } from '../findings/finding';
import { formatNumber } from '../findings/format-values';
import { roundTo } from '../findings/make-finding';
import type { LinkedFinding } from './attribute-causes';

/**
 * The share of its symptom's score a linked cause takes, so a chain ranks together, each cause right below the
 * symptom it explains and never above it.
 */
export const INHERITED_SCORE_SHARE = 0.95;

/** A linked finding with its impact decided. */
export type ScoredFinding = LinkedFinding & { impact: Impact };

/**
 * Decides each finding's impact, the one stage that does. Findings are ranked by user impact. A finding that
 * explains others (it is in their `causedBy`) has no user impact of its own beyond theirs: its score becomes
 * 95% of the highest final score among the findings it causes, whether its own magnitude was lower (a chain
 * ranks together) or higher (a cause never outranks the symptom it explains). A finding that explains nothing
 * keeps its own score (below the API layer, a magnitude capped at 30). Scores settle from the symptoms down,
 * so a chain of causes steps down by 5% a link.
 */
export function inheritScores<F extends LinkedFinding>(findings: readonly F[]): Array<F & ScoredFinding> {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const effectsOf = new Map<string, F[]>();
  for (const effect of findings) {
    for (const causeId of effect.causedBy) {
      if (byId.has(causeId)) effectsOf.set(causeId, [...(effectsOf.get(causeId) ?? []), effect]);
    }
  }
  const settled = new Map<string, number>();
  const settle = (finding: F, path: ReadonlySet<string>): number => {
    const known = settled.get(finding.id);
    if (known !== undefined) return known;
    // Links point down a DAG; should a rule ever close a cycle, the finding on it keeps its own score.
    const effects = (effectsOf.get(finding.id) ?? []).filter((e) => !path.has(e.id));
    const onPath = new Set([...path, finding.id]);
    let rankedWith: { effect: F; score: number } | undefined;
    for (const effect of effects) {
      const score = settle(effect, onPath);
      if (
        !rankedWith ||
        score > rankedWith.score ||
        (score === rankedWith.score && effect.id < rankedWith.effect.id)
      )
        rankedWith = { effect, score };
    }
    const score = rankedWith ? roundTo(rankedWith.score * INHERITED_SCORE_SHARE, 2) : finding.ownImpact.score;
    settled.set(finding.id, score);
    return score;
  };
  for (const finding of findings) settle(finding, new Set());
  return findings.map((finding) => {
    const [top] = [...(effectsOf.get(finding.id) ?? [])].sort(
      (a, b) => (settled.get(b.id) ?? 0) - (settled.get(a.id) ?? 0) || a.id.localeCompare(b.id),
    );
    const impact: Impact = top
      ? {
          score: settled.get(finding.id) ?? finding.ownImpact.score,
          explanation: `${finding.ownImpact.explanation} Ranked with ${top.id} (score ${formatNumber(settled.get(top.id) ?? 0)}), which it causes.`,
        }
      : finding.ownImpact;
    return { ...finding, impact };
  });
}

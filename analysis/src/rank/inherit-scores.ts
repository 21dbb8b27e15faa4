import type { Impact } from '../findings/finding';
import { formatNumber } from '../findings/format-values';
import { roundTo } from '../findings/make-finding';
import type { LinkedFinding } from './attribute-causes';

/**
 * The share of its symptom's score a linked cause in a lower layer takes, so a chain ranks together, each
 * cause right below the symptom it explains.
 */
export const INHERITED_SCORE_SHARE = 0.95;

/**
 * What a linked cause in the symptom's own layer adds to the symptom's score, so it ranks right above it:
 * within a layer the finding that explains the others leads (the scan before the statement it slows, the
 * N+1 route before its own slow-route finding), the place a reader of that layer starts fixing.
 */
export const SAME_LAYER_SCORE_STEP = 0.01;

/** A linked finding with its impact decided. */
export type ScoredFinding = LinkedFinding & { impact: Impact };

/**
 * Decides each finding's impact, the one stage that does. Findings are ranked by user impact. A finding that
 * explains others (it is in their `causedBy`) has no user impact of its own beyond theirs: its score comes
 * from the highest-ranking finding it causes, whether its own magnitude was lower (a chain ranks together)
 * or higher: 95% of that symptom's final score when the symptom is in a layer above (the report leads with
 * what users feel), that score plus SAME_LAYER_SCORE_STEP when it is in the same layer (the cause heads its
 * layer). A finding that explains nothing keeps its own score (below the API layer, a magnitude capped at
 * 30). Scores settle from the symptoms down.
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
  // The finding each cause took its score from, for its explanation.
  const rankedWithOf = new Map<string, F | undefined>();
  const settle = (finding: F, path: ReadonlySet<string>): number => {
    const known = settled.get(finding.id);
    if (known !== undefined) return known;
    // Links point down a DAG; should a rule ever close a cycle, the finding on it keeps its own score.
    const effects = (effectsOf.get(finding.id) ?? []).filter((e) => !path.has(e.id));
    const onPath = new Set([...path, finding.id]);
    let rankedWith: { effect: F; score: number } | undefined;
    for (const effect of effects) {
      const score = inheritedScore(finding, effect, settle(effect, onPath));
      if (
        !rankedWith ||
        score > rankedWith.score ||
        (score === rankedWith.score && effect.id < rankedWith.effect.id)
      )
        rankedWith = { effect, score };
    }
    const score = rankedWith?.score ?? finding.ownImpact.score;
    settled.set(finding.id, score);
    rankedWithOf.set(finding.id, rankedWith?.effect);
    return score;
  };
  for (const finding of findings) settle(finding, new Set());
  return findings.map((finding) => {
    const top = rankedWithOf.get(finding.id);
    const where = top?.layer === finding.layer ? 'right above' : 'with';
    const impact: Impact = top
      ? {
          score: settled.get(finding.id) ?? finding.ownImpact.score,
          explanation: `${finding.ownImpact.explanation} Ranked ${where} ${top.id} (score ${formatNumber(settled.get(top.id) ?? 0)}), which it causes.`,
        }
      : finding.ownImpact;
    return { ...finding, impact };
  });
}

function inheritedScore(cause: LinkedFinding, effect: LinkedFinding, effectScore: number): number {
  return cause.layer === effect.layer
    ? roundTo(effectScore + SAME_LAYER_SCORE_STEP, 2)
    : roundTo(effectScore * INHERITED_SCORE_SHARE, 2);
}

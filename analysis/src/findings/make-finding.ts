import { type CheckMetadata, findingId } from './check-definition';
import type { CheckedFinding, Evidence, Impact, Severity } from './finding';
import type { RecommendationSpec } from './recommendation-spec';

/** The parts of a finding a check decides; id and layer follow from the metadata and target. */
export interface FindingDraft {
  target: Readonly<Record<string, string>>;
  severity: Severity;
  /** The check's own measure of the problem; rank/ decides the finding's impact from it. */
  impact: Impact;
  title: string;
  evidence: Evidence[];
  recommendations: RecommendationSpec[];
}

/** Builds what a check returns for `check`; later stages add causes, the final impact, text and links. */
export function makeFinding(check: CheckMetadata, draft: FindingDraft): CheckedFinding {
  return {
    id: findingId(check.id, draft.target),
    check: check.id,
    layer: check.layer,
    target: draft.target,
    severity: draft.severity,
    ownImpact: { score: roundTo(draft.impact.score, 2), explanation: draft.impact.explanation },
    title: draft.title,
    evidence: draft.evidence,
    recommendations: draft.recommendations,
  };
}

/** Rounds for display and stable golden output. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Clamps to [0, 1]. */
export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** The error budget of an objective ratio, without binary noise (1 - 0.99 = 0.010000000000000009). */
export function errorBudget(objectiveRatio: number): number {
  return Number((1 - objectiveRatio).toPrecision(12));
}

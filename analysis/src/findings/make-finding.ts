import { type CheckMetadata, findingId, findingLinks, type LinkBase } from './check-definition';
import type { Evidence, Finding, Impact, Recommendation, Severity } from './finding';

/** The parts of a finding a check decides; id, layer and links follow from the metadata and target. */
export interface FindingDraft {
  target: Readonly<Record<string, string>>;
  severity: Severity;
  impact: Impact;
  title: string;
  evidence: Evidence[];
  recommendations: Recommendation[];
}

/** Builds a finding of `check`; `causedBy` is filled later by rank/attribute-causes.ts. */
export function makeFinding(check: CheckMetadata, draft: FindingDraft, links?: LinkBase): Finding {
  return {
    id: findingId(check.id, draft.target),
    check: check.id,
    layer: check.layer,
    target: draft.target,
    severity: draft.severity,
    impact: { score: roundTo(draft.impact.score, 2), explanation: draft.impact.explanation },
    title: draft.title,
    evidence: draft.evidence,
    recommendations: draft.recommendations,
    links: findingLinks(check, draft.target, links),
    causedBy: [],
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

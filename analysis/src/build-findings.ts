import type { AnalysisEvidence } from './checks/check-catalogue';
import type { CheckedFinding, Finding } from './findings/finding';
import { attributeCauses } from './rank/attribute-causes';
import { containUnlinkedHostFindings } from './rank/contain-host-findings';
import { inheritScores } from './rank/inherit-scores';
import { rankFindings } from './rank/rank-findings';
import { applyIndexAdvice, type IndexAdvice } from './recommend/index-advice';
import { renderRecommendation } from './recommend/render-recommendation';
import { DEFAULT_LINK_BASE, findingLinks, type LinkBase } from './report/finding-links';

/** What the stages after the checks take besides the findings. */
export interface BuildOptions {
  /** Missing-index advice (perflens advisor) that names the columns of create-index recommendations. */
  indexAdvice?: readonly IndexAdvice[];
  links?: LinkBase;
}

/**
 * Everything after the checks, each stage writing only its own fields (docs/analysis.md, "Findings"):
 * rank/ links causes and decides impacts, recommend/ names the advised columns and renders the
 * recommendations, report/ adds the links; host findings that explain nothing are capped at warning, below
 * the service's SLO findings (rank/contain-host-findings.ts); then findings are ordered by impact.
 */
export function buildFindings(
  checked: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
  options: BuildOptions = {},
): Finding[] {
  const linked = attributeCauses(checked, evidence);
  const advised = applyIndexAdvice(
    containUnlinkedHostFindings(inheritScores(linked)),
    options.indexAdvice ?? [],
  );
  const links = options.links ?? DEFAULT_LINK_BASE;
  return rankFindings(
    advised.map((f): Finding => ({
      id: f.id,
      check: f.check,
      layer: f.layer,
      target: f.target,
      severity: f.severity,
      impact: f.impact,
      title: f.title,
      evidence: f.evidence,
      recommendations: f.recommendations.map(renderRecommendation),
      links: findingLinks(f, links),
      causedBy: f.causedBy,
    })),
  );
}

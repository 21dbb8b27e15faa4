import type { AnalysisReport, Finding } from '@perflens/analysis';
import type { BundleCheck, BundleCheckInput } from '../checks/bundle-check';
import { bundleFinding } from './bundle-finding';

/**
 * Runs the checks and ranks their findings (impact, then severity, then id) into the analysis engine's
 * report shape, so its formatters render it. The scope's `job` names what was analysed; there is no time
 * range and no Prometheus query.
 */
export function buildBundleReport(
  checks: readonly BundleCheck[],
  input: BundleCheckInput,
  describe: string,
  wallSeconds: number,
  nowSeconds: number = Date.now() / 1000,
): AnalysisReport {
  const findings: Finding[] = checks.flatMap((check) =>
    check.run(input).map((draft) => bundleFinding(check.metadata, draft)),
  );
  return rankedReport(
    findings,
    checks.map((c) => c.metadata.id),
    describe,
    wallSeconds,
    nowSeconds,
  );
}

/** The findings ranked into a report. */
export function rankedReport(
  findings: Finding[],
  checkIds: string[],
  describe: string,
  wallSeconds: number,
  nowSeconds: number,
): AnalysisReport {
  const severityOrder = ['critical', 'warning', 'info'];
  const ranked = [...findings].sort(
    (a, b) =>
      b.impact.score - a.impact.score ||
      severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity) ||
      a.id.localeCompare(b.id),
  );
  return {
    scope: { job: describe, endSeconds: Math.floor(nowSeconds), rangeSeconds: 0 },
    findings: ranked,
    checks: checkIds,
    skippedLayers: [],
    stats: { queryCount: 0, queryDurationSeconds: 0, wallSeconds },
  };
}

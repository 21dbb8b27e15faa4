import { type CheckMetadata, type Evidence, type Finding, savedBytesScore } from '@perflens/analysis';
import { DASHBOARD_UIDS, dashboardPath } from '@perflens/conventions';
import type { BundleFindingDraft } from '../checks/bundle-check';

/** Evidence of a bundle finding: `query` names where the number was read (a file, an entry, a package). */
export type BundleEvidence = Evidence;

export const BUNDLE_RUNBOOK_BASE = 'https://github.com/perflens/perflens/blob/main/docs/bundle.md';

/**
 * A draft in the analysis engine's finding shape: the same id scheme, an impact from the bytes saved, one
 * recommendation, and links to the check's section of docs/bundle.md and the web vitals dashboard.
 */
export function bundleFinding(check: CheckMetadata, draft: BundleFindingDraft): Finding {
  const labels = Object.keys(draft.target)
    .sort()
    .map((name) => `${name}=${draft.target[name]}`)
    .join(',');
  return {
    id: `${check.id}/${labels}`,
    check: check.id,
    layer: check.layer,
    target: draft.target,
    severity: draft.severity,
    impact: {
      // Every KiB saved is worth half a point, as the engine scores the same checks on published summaries.
      score: savedBytesScore(draft.savedBytes),
      explanation: `${formatBytes(draft.savedBytes)} less for every visitor to download, parse or trust`,
    },
    title: draft.title,
    evidence: draft.evidence,
    recommendations: [
      {
        action: draft.action,
        expectedEffect: `saves ${formatBytes(draft.savedBytes)} (${draft.savedBytes} bytes)`,
        effort: draft.effort,
        ...(draft.config ? { config: draft.config } : {}),
      },
    ],
    links: {
      runbook: `${BUNDLE_RUNBOOK_BASE}#${check.id.replace(/\./g, '')}`,
      dashboard: dashboardPath(DASHBOARD_UIDS.webVitals),
    },
    causedBy: [],
  };
}

/** 1536 → "1.5 KiB", 2 500 000 → "2.4 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

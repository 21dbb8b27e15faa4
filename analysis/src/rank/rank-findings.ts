import { type Finding, severityRank } from '../findings/finding';

/**
 * Orders findings by user impact: highest impact score first, then severity, then id so equal findings keep
 * a stable order between runs. Check order never matters.
 */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      b.impact.score - a.impact.score ||
      severityRank(a.severity) - severityRank(b.severity) ||
      a.id.localeCompare(b.id),
  );
}

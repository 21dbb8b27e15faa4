import { type Finding, severityRank } from '../findings/finding';

/**
 * Orders findings by user impact: highest impact score first, then severity, then id so equal findings keep
 * a stable order between runs. Check order never matters.
 */
export function rankFindings<F extends Pick<Finding, 'id' | 'severity' | 'impact'>>(
  findings: readonly F[],
): F[] {
  return [...findings].sort(
    (a, b) =>
      b.impact.score - a.impact.score ||
      severityRank(a.severity) - severityRank(b.severity) ||
      a.id.localeCompare(b.id),
  );
}

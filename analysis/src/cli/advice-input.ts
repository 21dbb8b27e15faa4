import type { AdvisorReportLike, IndexAdvice } from '../recommend/index-advice';
import { indexAdviceFromAdvisorReport } from '../recommend/index-advice';
import { UsageError } from './analyze-options';

/**
 * Reads `--advice FILE`, the JSON of `perflens advisor --format json` (or of the exporter's
 * GET /api/v1/advisor/recommendations), as the engine's index advice. Node-only (node:fs), so it is imported
 * lazily, as the SLO file is.
 */
export async function loadIndexAdvice(file: string): Promise<IndexAdvice[]> {
  const { existsSync, readFileSync } = await import('node:fs');
  if (!existsSync(file)) throw new UsageError(`--advice: ${file} does not exist`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--advice: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isAdvisorReport(parsed)) {
    throw new UsageError(
      `--advice: ${file} is not a perflens advisor report (perflens advisor --format json): it needs "database" and "recommendations"`,
    );
  }
  return indexAdviceFromAdvisorReport(parsed);
}

function isAdvisorReport(value: unknown): value is AdvisorReportLike {
  if (typeof value !== 'object' || value === null) return false;
  const { database, recommendations } = value as Record<string, unknown>;
  return (
    typeof database === 'string' &&
    Array.isArray(recommendations) &&
    recommendations.every(
      (r: unknown) =>
        typeof r === 'object' &&
        r !== null &&
        typeof (r as Record<string, unknown>).kind === 'string' &&
        typeof (r as Record<string, unknown>).target === 'object' &&
        (r as Record<string, unknown>).target !== null,
    )
  );
}

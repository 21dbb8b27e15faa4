import { type Finding, SEVERITIES, type Severity } from '../findings/finding';
import type { AnalysisScope, ScopeReport } from '../sources/analysis-scope';
import type { QueryStats } from '../sources/query-accounting';

/** The result of one analysis: ranked findings, what was checked, and what it cost. */
export interface AnalysisReport {
  scope: AnalysisScope;
  /** What the analysis ran on (job, instances, databases, hosts, SLO file) and why; every format prints it. */
  resolvedScope?: ScopeReport;
  /** Ranked by impact, highest first. */
  findings: Finding[];
  /** Ids of the checks that ran (a layer without data still ran and found nothing). */
  checks: string[];
  /** Layers whose evidence could not be read, with the reason; their checks did not run. */
  skippedLayers: Array<{ layer: string; reason: string }>;
  stats: QueryStats & { wallSeconds: number };
}

/** Number of findings per severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

import type { AnalysisReport } from './analysis-report';

/** Version of the JSON output; bump when a field changes meaning. */
export const REPORT_JSON_VERSION = 'perflens.analysis/v1';

/** The whole report as JSON for tools (the Grafana plugin reads the same shape). */
export function formatJson(report: AnalysisReport): string {
  return `${JSON.stringify({ version: REPORT_JSON_VERSION, ...report }, null, 2)}\n`;
}

import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';
import { junitReport } from './junit-report.ts';
import { markdownReport, type ReportContext } from './markdown-report.ts';
import type { SummaryData } from './summary-data.ts';

/**
 * What `handleSummary` returns: k6's usual text on stdout (exporting handleSummary replaces it, k6 docs
 * "Custom summary"), plus JSON, JUnit and Markdown files in the results folder, named after the test type.
 * The jslib at 0.0.2 is the version the k6 docs use and loads on k6 0.45 and later.
 */
export function summaryFiles(
  data: SummaryData,
  context: ReportContext & { resultsDir: string; headline?: string },
): Record<string, string> {
  const base = `${context.resultsDir}/${context.testType}`;
  const text = textSummary(data, { indent: ' ', enableColors: true });
  return {
    stdout: context.headline === undefined ? text : `${text}\n\n${context.headline}\n`,
    [`${base}-summary.json`]: JSON.stringify(data, null, 2),
    [`${base}-junit.xml`]: junitReport(data, `k6.${context.testType}`),
    [`${base}-summary.md`]: markdownReport(data, context),
  };
}

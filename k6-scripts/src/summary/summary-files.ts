import { junitReport } from './junit-report.ts';
import { markdownReport, type ReportContext } from './markdown-report.ts';
import type { SummaryData } from './summary-data.ts';
import { textSummary } from './text-summary.ts';

/**
 * What `handleSummary` returns: the end-of-test text on stdout (exporting handleSummary replaces k6's own,
 * k6 docs "Custom summary"), plus JSON, JUnit and Markdown files in the results folder, named after the test
 * type. The text is our own (text-summary.ts), so a script starts without fetching any module.
 */
export function summaryFiles(
  data: SummaryData,
  context: ReportContext & { resultsDir: string; headline?: string },
): Record<string, string> {
  const base = `${context.resultsDir}/${context.testType}`;
  const text = textSummary(data);
  return {
    stdout: context.headline === undefined ? `${text}\n` : `${text}\n\n${context.headline}\n`,
    [`${base}-summary.json`]: JSON.stringify(data, null, 2),
    [`${base}-junit.xml`]: junitReport(data, `k6.${context.testType}`),
    [`${base}-summary.md`]: markdownReport(data, context),
  };
}

import {
  type AnalysisReport,
  type CheckMetadata,
  type Finding,
  formatJson,
  formatMarkdown,
  formatTable,
  atLeast,
  type Severity,
  countBySeverity,
} from '@perflens/analysis';

export const BUNDLE_FORMATS = ['table', 'markdown', 'json', 'junit'] as const;
export type BundleFormat = (typeof BUNDLE_FORMATS)[number];

/**
 * Renders a bundle report with the analysis engine's formatters. Their first and last lines describe a
 * Prometheus analysis (a time range, a query cost); those lines are replaced with the bundle's own. JUnit is
 * written here: the engine's JUnit formatter lists only the checks of its own catalogue.
 */
export function formatBundleReport(
  report: AnalysisReport,
  format: BundleFormat,
  checks: readonly CheckMetadata[],
  failureSeverity: Severity,
): string {
  if (format === 'json') return formatJson(report);
  if (format === 'junit') return formatBundleJunit(report, checks, failureSeverity);
  const lines = (format === 'markdown' ? formatMarkdown(report) : formatTable(report)).split('\n');
  // Both end with the cost line and a newline; the table starts with the summary, Markdown with a heading.
  lines[lines.length - 2] = format === 'markdown' ? `_${costLine(report)}_` : costLine(report);
  if (format === 'markdown') {
    lines[0] = '## Perflens bundle analysis';
    lines[2] = summaryLine(report);
  } else lines[0] = summaryLine(report);
  return lines.join('\n');
}

/** "bundle dist (esbuild metafile): 3 findings (1 critical, 2 warning, 0 info) from 6 checks" */
export function summaryLine(report: AnalysisReport): string {
  const counts = countBySeverity(report.findings);
  return `${report.scope.job}: ${report.findings.length} findings (${counts.critical} critical, ${counts.warning} warning, ${counts.info} info) from ${report.checks.length} checks`;
}

function costLine(report: AnalysisReport): string {
  return `analysed in ${report.stats.wallSeconds.toFixed(2)} s`;
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: one test case per check; it fails when it found something at or above `failureSeverity`. */
export function formatBundleJunit(
  report: AnalysisReport,
  checks: readonly CheckMetadata[],
  failureSeverity: Severity,
): string {
  const ran = checks.filter((check) => report.checks.includes(check.id));
  let failures = 0;
  const cases = ran.map((check) => {
    const found = report.findings.filter((f) => f.check === check.id);
    const failing = found.filter((f) => atLeast(f.severity, failureSeverity));
    const open = `    <testcase classname="perflens.${check.layer}" name="${xml(check.id)}: ${xml(check.title)}" time="0">`;
    const body = xml(found.map(describe).join('\n\n'));
    if (failing.length > 0) {
      failures += 1;
      const message = `${failing.length} finding${failing.length > 1 ? 's' : ''} at or above ${failureSeverity}`;
      return `${open}\n      <failure message="${xml(message)}" type="${failing[0]?.severity}">${body}</failure>\n    </testcase>`;
    }
    if (found.length > 0) return `${open}\n      <system-out>${body}</system-out>\n    </testcase>`;
    return `${open}</testcase>`;
  });
  const time = report.stats.wallSeconds.toFixed(3);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="perflens bundle" tests="${ran.length}" failures="${failures}" errors="0" time="${time}">\n` +
    `  <testsuite name="${xml(report.scope.job)}" tests="${ran.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`
  );
}

function describe(finding: Finding): string {
  return [
    `[${finding.severity}] ${finding.title}`,
    `  id: ${finding.id}`,
    ...finding.evidence.map(
      (e) =>
        `  ${e.label}: ${e.value} ${e.unit}${e.threshold === undefined ? '' : ` (threshold ${e.threshold}, ${e.thresholdSource ?? 'default'})`}`,
    ),
    ...finding.recommendations.map((r) => `  → ${r.action} (${r.expectedEffect})`),
    `  runbook: ${finding.links.runbook}`,
  ].join('\n');
}

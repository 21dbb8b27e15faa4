import { promDuration } from '@perflens/conventions';
import { formatSeconds } from '../findings/format-values';
import type { AnalysisReport } from './analysis-report';
import { countBySeverity } from './analysis-report';
import { scopeTextLines } from './scope-lines';

/** A plain-text table for terminals: one line per finding, ranked, then causes and the query cost. */
export function formatTable(report: AnalysisReport): string {
  const rows = report.findings.map((f, index) => [
    String(index + 1),
    f.severity.toUpperCase(),
    f.impact.score.toFixed(1),
    f.layer,
    f.title,
  ]);
  const header = ['#', 'SEVERITY', 'IMPACT', 'LAYER', 'FINDING'];
  const widths = header.map((h, column) =>
    Math.max(h.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] as number)))
      .join('  ');
  const scope = scopeTextLines(report.resolvedScope);
  const lines = [summaryLine(report), ...scope, ''];
  if (rows.length === 0) lines.push('No findings.');
  else {
    lines.push(line(header));
    const rank = new Map(report.findings.map((f, index) => [f.id, index + 1]));
    report.findings.forEach((finding, index) => {
      lines.push(line(rows[index] as string[]));
      const causes = finding.causedBy.map((id) => (rank.has(id) ? `#${rank.get(id)}` : id));
      if (causes.length > 0) lines.push(`${' '.repeat(widths[0] as number)}  caused by ${causes.join(', ')}`);
    });
  }
  for (const skipped of report.skippedLayers) lines.push(`Skipped layer ${skipped.layer}: ${skipped.reason}`);
  lines.push('', costLine(report));
  return `${lines.join('\n')}\n`;
}

/** "demo-api, 15m to 2024-01-01T00:00:00Z: 3 findings (1 critical, 2 warning, 0 info)" */
export function summaryLine(report: AnalysisReport): string {
  const counts = countBySeverity(report.findings);
  const end = new Date(report.scope.endSeconds * 1000).toISOString().replace('.000Z', 'Z');
  const test = report.scope.testid ? `, k6 run ${report.scope.testid}` : '';
  return `${report.scope.job}${test}, ${promDuration(report.scope.rangeSeconds)} up to ${end}: ${report.findings.length} findings (${counts.critical} critical, ${counts.warning} warning, ${counts.info} info) from ${report.checks.length} checks`;
}

/** "41 Prometheus queries, 0.8 s of query time, 0.3 s wall time" */
export function costLine(report: AnalysisReport): string {
  const { queryCount, queryDurationSeconds, wallSeconds } = report.stats;
  return `${queryCount} Prometheus queries, ${formatSeconds(queryDurationSeconds)} of query time, ${formatSeconds(wallSeconds)} wall time`;
}

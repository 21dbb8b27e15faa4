import type { AdvisorReport } from './advisor-report';
import { workloadLines } from './workload-format';

export const REPORT_FORMATS = ['table', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders a report for a terminal (table), a pull request or wiki (markdown), or a program (json). */
export function formatReport(report: AdvisorReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? markdown(report) : table(report);
}

function header(report: AdvisorReport): string {
  const mode = report.hypopg
    ? 'index advice checked with hypopg'
    : 'index advice from statistics (unverified: hypopg not installed)';
  return `${report.database} on PostgreSQL ${report.serverVersion}, ${report.generatedAt}; ${mode}`;
}

function table(report: AdvisorReport): string {
  const lines = [`Perflens advisor: ${header(report)}`, ''];
  lines.push(
    columns(
      ['SEVERITY', 'KIND', 'ID', 'TITLE'],
      report.recommendations.map((r) => [r.severity, r.kind, r.id, r.title]),
    ),
  );
  for (const r of report.recommendations.filter((r) => r.applySql)) {
    lines.push(
      '',
      `${r.id}`,
      `  effect:   ${r.expectedEffect}`,
      `  apply:    ${r.applySql};`,
      `  rollback: ${r.rollbackSql};`,
    );
  }
  lines.push(...workloadLines(report, 'table'));
  if (report.slowStatements.length > 0) {
    lines.push(
      '',
      'Slow statements',
      columns(
        ['CALLS', 'MEAN MS', 'TOTAL MS', 'HIT %', 'QUERY'],
        report.slowStatements.map((s) => [
          String(s.calls),
          s.meanExecMs.toFixed(2),
          s.totalExecMs.toFixed(0),
          (s.cacheHitRatio * 100).toFixed(1),
          oneLine(s.query, 80),
        ]),
      ),
    );
  }
  lines.push(...problems(report, (text) => `  ${text}`));
  return `${lines.join('\n')}\n`;
}

function markdown(report: AdvisorReport): string {
  const lines = [`# Perflens advisor`, '', header(report), '', '## Recommendations', ''];
  if (report.recommendations.length === 0) lines.push('Nothing to recommend.');
  for (const r of report.recommendations) {
    lines.push(
      `### ${r.title}`,
      '',
      `\`${r.id}\` · ${r.kind} · **${r.severity}**${r.verified ? '' : ' · unverified'}`,
      '',
      r.expectedEffect,
      '',
    );
    lines.push('| evidence | value | threshold |', '|---|---|---|');
    for (const e of r.evidence)
      lines.push(`| ${e.label} | ${e.value}${e.unit ? ` ${e.unit}` : ''} | ${e.threshold ?? ''} |`);
    for (const s of r.statements ?? [])
      lines.push(
        '',
        `- \`${oneLine(s.query, 200)}\`: cost ${s.costBefore} → ${s.costAfter}, ${s.calls} calls, mean ${s.meanExecMs} ms${s.savedMs !== undefined ? `, saves about ${Math.round(s.savedMs)} ms` : ''}`,
      );
    for (const s of r.readers ?? [])
      lines.push('', `- reads it: \`${oneLine(s.query, 200)}\`: ${s.calls} calls, mean ${s.meanExecMs} ms`);
    if (r.writeOverhead)
      lines.push(
        '',
        `Write overhead: ${r.writeOverhead.indexEntryBytes} bytes per row of ${r.writeOverhead.rowBytes} (${(r.writeOverhead.ratio * 100).toFixed(1)}%), about ${r.writeOverhead.estimatedSizeBytes} bytes on disk.`,
      );
    if (r.applySql)
      lines.push('', '```sql', `-- apply`, `${r.applySql};`, `-- roll back`, `${r.rollbackSql};`, '```');
    lines.push('');
  }
  lines.push(...workloadLines(report, 'markdown'));
  if (report.slowStatements.length > 0) {
    lines.push(
      '## Slow statements',
      '',
      '| calls | mean ms | total ms | cache hit | query |',
      '|---:|---:|---:|---:|---|',
    );
    for (const s of report.slowStatements)
      lines.push(
        `| ${s.calls} | ${s.meanExecMs.toFixed(2)} | ${s.totalExecMs.toFixed(0)} | ${(s.cacheHitRatio * 100).toFixed(1)}% | \`${oneLine(s.query, 120).replace(/\|/g, '\\|')}\` |`,
      );
    lines.push('');
  }
  const notes = problems(report, (text) => `- ${text}`);
  if (notes.length > 0) lines.push(...notes, '');
  return `${lines.join('\n')}`;
}

/** Section errors and unexplainable statements: what the report could not cover, and why. */
function problems(report: AdvisorReport, bullet: (text: string) => string): string[] {
  const lines = [
    ...report.sectionErrors.map((e) => bullet(`${e.section}: ${e.message}`)),
    ...report.statementErrors.map((e) =>
      bullet(`statement ${e.queryid} (${oneLine(e.query, 60)}): ${e.message}`),
    ),
  ];
  return lines.length > 0 ? ['', 'Not covered', ...lines] : [];
}

function columns(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '(none)';
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows]
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

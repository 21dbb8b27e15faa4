import type { Finding } from '../findings/finding';
import { costLine, summaryLine } from './format-table';
import type { AnalysisReport } from './analysis-report';
import { scopeFacts } from './scope-lines';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown for CI job summaries (GitHub's $GITHUB_STEP_SUMMARY): a ranked table, then each finding's details. */
export function formatMarkdown(report: AnalysisReport): string {
  const lines = ['## Perflens analysis', '', summaryLine(report), ''];
  if (report.resolvedScope) {
    for (const fact of scopeFacts(report.resolvedScope)) lines.push(`- **${fact.name}:** ${fact.value}`);
    lines.push('');
    for (const warning of report.resolvedScope.warnings) lines.push(`> **Warning:** ${warning}`, '');
  }
  if (report.findings.length > 0) {
    lines.push('| # | Severity | Impact | Layer | Finding |', '|---|---|---|---|---|');
    report.findings.forEach((f, index) => {
      lines.push(
        `| ${index + 1} | ${f.severity} | ${f.impact.score.toFixed(1)} | ${f.layer} | ${cell(f.title)} |`,
      );
    });
    lines.push('');
    const rank = new Map(report.findings.map((f, index) => [f.id, index + 1]));
    report.findings.forEach((finding, index) => lines.push(...details(finding, index + 1, rank)));
  } else {
    lines.push('No findings.', '');
  }
  for (const skipped of report.skippedLayers)
    lines.push(`> Skipped layer ${skipped.layer}: ${cell(skipped.reason)}`, '');
  lines.push(`_${costLine(report)}_`);
  return `${lines.join('\n')}\n`;
}

function details(finding: Finding, position: number, rank: Map<string, number>): string[] {
  const lines = [
    '<details>',
    `<summary>#${position} ${finding.severity}: ${escapeHtml(finding.title)}</summary>`,
    '',
    `- **Check:** \`${finding.check}\` ([runbook](${finding.links.runbook}), [dashboard](${finding.links.dashboard}))`,
    `- **Impact ${finding.impact.score.toFixed(1)}:** ${finding.impact.explanation}`,
  ];
  if (finding.causedBy.length > 0) {
    lines.push(
      `- **Caused by:** ${finding.causedBy.map((id) => (rank.has(id) ? `#${rank.get(id)} \`${id}\`` : `\`${id}\``)).join(', ')}`,
    );
  }
  lines.push('', '| Evidence | Value | Threshold | Source |', '|---|---|---|---|');
  for (const e of finding.evidence) {
    lines.push(
      `| ${cell(e.label)} | ${formatValue(e.value)} ${e.unit} | ${e.threshold === undefined ? '' : formatValue(e.threshold)} | ${e.thresholdSource ?? ''} |`,
    );
  }
  for (const r of finding.recommendations) {
    lines.push(
      '',
      `**Recommendation (${r.effort} effort):** ${r.action} _Expected effect:_ ${r.expectedEffect}`,
    );
    if (r.sql) lines.push('', '```sql', r.sql, '```');
    if (r.rollbackSql) lines.push('', 'Rollback:', '', '```sql', r.rollbackSql, '```');
    if (r.config) lines.push('', '```', r.config, '```');
  }
  lines.push('', '</details>', '');
  return lines;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

import { type BottleneckName, STATEMENTS, type StatementName } from '@perflens/bookings';
import type { Client } from 'pg';
import { atLeast, type Finding, type Severity } from '../../src/findings/finding';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { EXPECTATIONS, isRightLink, type ScoringContext } from './bookings-expectations';

/** How one bottleneck fared in one phase. */
export interface BottleneckScore {
  name: BottleneckName;
  expected: string;
  /** The expected finding at warning or above. */
  found: boolean;
  /** Its severity, or absent when the engine did not report it at all. */
  severity: Severity | 'absent';
  /**
   * 1 when it heads its layer: its place among the layer's findings at warning or above, in report order (an
   * info finding is context, not a problem to act on: the demo's end-to-end test's headOfLayer reads it so).
   */
  rankInLayer?: number;
  /** The title, for the blocking route the event-loop finding should name. */
  title?: string;
  /** The findings of its layer ranked above it, with their scores: what keeps it from heading the layer. */
  rankedBelow?: string[];
}

/** One phase of the scoring run. */
export interface PhaseScore {
  phase: string;
  active: BottleneckName[];
  bottlenecks: BottleneckScore[];
  rightLinks: string[];
  wrongLinks: string[];
  /** Findings at warning or above that no active bottleneck expects (on the clean run: every warning). */
  unexpectedWarnings: string[];
  /** Layers the engine could not read (a Prometheus query failed), with the reason. */
  skippedLayers: string[];
  /** What the traffic generator saw: requests sent and dropped, the slowest answer. */
  traffic?: string;
}

/** queryid → statement name, from pg_stat_statements' texts (a statement's text starts its entry's). */
export async function readStatementNames(sql: Client): Promise<Map<string, StatementName>> {
  const { rows } = await sql.query<{ queryid: string; query: string }>(
    `SELECT queryid::text AS queryid, query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname = current_database() AND queryid IS NOT NULL`,
  );
  // pg_stat_statements replaces constants with $n parameters: compare with every constant and parameter as ?.
  const squash = (text: string) =>
    text
      .replace(/'(?:[^']|'')*'/g, '?')
      .replace(/\$\d+/g, '?')
      .replace(/\b\d+(?:\.\d+)?\b/g, '?')
      .replace(/\s+/g, ' ')
      .trim();
  const names = new Map<string, StatementName>();
  const byLength = (Object.entries(STATEMENTS) as Array<[StatementName, string]>).sort(
    (a, b) => b[1].length - a[1].length,
  );
  for (const row of rows) {
    const text = squash(row.query);
    const match = byLength.find(([, statementSql]) => text.startsWith(squash(statementSql)));
    if (match) names.set(row.queryid, match[0]);
  }
  return names;
}

/** "check target" in a few words: route, pool, table, statement name or instance. */
export function describeFinding(finding: Finding, context: ScoringContext): string {
  const t = finding.target;
  const what =
    (t.http_route && `${t.http_request_method} ${t.http_route}`) ||
    (t.db_client_connection_pool_name && `pool ${t.db_client_connection_pool_name}`) ||
    (t.relname && `table ${t.relname}`) ||
    (t.queryid && `statement ${context.statementNames.get(t.queryid) ?? t.queryid}`) ||
    (t.instance && (t.instance === context.instance ? 'the service' : t.instance)) ||
    Object.values(t).join(',');
  return `${finding.check} (${what})`;
}

/** Scores one phase's report against docs/bookings-spec.md. */
export function scorePhase(
  phase: string,
  active: BottleneckName[],
  report: AnalysisReport,
  context: ScoringContext,
): PhaseScore {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const rightLinks: string[] = [];
  const wrongLinks: string[] = [];
  for (const symptom of report.findings) {
    for (const causeId of symptom.causedBy) {
      const cause = byId.get(causeId);
      if (!cause) continue;
      const link = `${describeFinding(symptom, context)} ← ${describeFinding(cause, context)}`;
      (isRightLink(active, symptom, cause, context) ? rightLinks : wrongLinks).push(link);
    }
  }
  const expectations = EXPECTATIONS.filter((e) => active.includes(e.name));
  const bottlenecks = expectations.map((e): BottleneckScore => {
    // The highest ranked of its expected findings at warning or above, else the first at any severity.
    const matching = report.findings.filter((f) => e.isExpected(f, context));
    const finding = matching.find((f) => atLeast(f.severity, 'warning')) ?? matching[0];
    const layer = report.findings.filter((f) => f.layer === e.layer && atLeast(f.severity, 'warning'));
    return {
      name: e.name,
      expected: e.expected,
      found: finding !== undefined && atLeast(finding.severity, 'warning'),
      severity: finding?.severity ?? 'absent',
      ...(finding
        ? {
            ...(layer.includes(finding) ? { rankInLayer: layer.indexOf(finding) + 1 } : {}),
            title: finding.title,
            rankedBelow: layer
              .slice(0, Math.max(0, layer.indexOf(finding)))
              .map((f) => `${describeFinding(f, context)} ${f.impact.score}`),
          }
        : {}),
    };
  });
  const unexpectedWarnings = report.findings
    .filter((f) => atLeast(f.severity, 'warning') && !expectations.some((e) => e.isExpected(f, context)))
    .map((f) => `${f.severity} ${describeFinding(f, context)}: ${f.title}`);
  const skippedLayers = report.skippedLayers.map((s) => `${s.layer}: ${s.reason}`);
  return { phase, active, bottlenecks, rightLinks, wrongLinks, unexpectedWarnings, skippedLayers };
}

/** The scoring table (Markdown), as docs/analysis.md shows it. */
export function formatScoreTable(phases: readonly PhaseScore[]): string {
  const lines = [
    '| phase | bottleneck: expected finding | found (≥ warning) | severity | rank in layer | causedBy right / wrong | other warnings |',
    '|---|---|---|---|---:|---:|---:|',
  ];
  for (const p of phases) {
    const links = `${p.rightLinks.length} / ${p.wrongLinks.length}`;
    if (p.bottlenecks.length === 0)
      lines.push(`| ${p.phase} | — | — | — | — | ${links} | ${p.unexpectedWarnings.length} |`);
    for (const [i, b] of p.bottlenecks.entries()) {
      const phaseCells = i === 0 ? [p.phase] : [''];
      const tail = i === 0 ? [links, String(p.unexpectedWarnings.length)] : ['', ''];
      lines.push(
        `| ${[...phaseCells, `${b.name}: ${b.expected}`, b.found ? 'yes' : 'no', b.severity, b.rankInLayer ?? '—', ...tail].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Every wrong link and unexpected warning per phase, for the report under the table. */
export function formatDetails(phases: readonly PhaseScore[]): string {
  return phases
    .map((p) =>
      [
        `${p.phase}:${p.traffic ? ` (${p.traffic})` : ''}`,
        ...p.bottlenecks.filter((b) => b.title).map((b) => `  ${b.name}: "${b.title}"`),
        ...p.bottlenecks
          .filter((b) => b.rankedBelow?.length)
          .map((b) => `  ${b.name} ranks below: ${b.rankedBelow!.join('; ')}`),
        ...p.wrongLinks.map((l) => `  wrong link: ${l}`),
        ...p.unexpectedWarnings.map((w) => `  other warning: ${w}`),
        ...p.skippedLayers.map((l) => `  skipped layer: ${l}`),
      ].join('\n'),
    )
    .join('\n');
}

import type { Finding } from '../findings/finding';

/**
 * A missing index proposed outside the engine, typically by `perflens advisor`, which reads the statements'
 * text and proves the index with hypopg. The engine cannot know the column: pg_stat_statements metrics carry
 * a queryid, never the text (the exporter does not export it). Plain data, so the engine stays server-free.
 */
export interface IndexAdvice {
  datname: string;
  schema: string;
  table: string;
  columns: readonly string[];
  /** The advisor's index name; otherwise `<table>_<columns>_idx`. */
  index?: string;
  /** pg_stat_statements queryids the index serves. */
  queryids: readonly string[];
  /** True when checked with a hypothetical index (hypopg), false for a statistics heuristic. */
  verified: boolean;
}

/**
 * The parts of an advisor report this reads: `perflens advisor --format json` and the exporter's
 * GET /api/v1/advisor/recommendations answer this shape (advisor/src/report/advisor-report.ts).
 */
export interface AdvisorReportLike {
  database: string;
  recommendations: ReadonlyArray<{
    kind: string;
    target: { schema?: string; table?: string; index?: string; columns?: readonly string[] };
    statements?: ReadonlyArray<{ queryid: string }>;
    verified: boolean;
  }>;
}

/** The advisor report's missing-index recommendations as {@link IndexAdvice}. */
export function indexAdviceFromAdvisorReport(report: AdvisorReportLike): IndexAdvice[] {
  const advice: IndexAdvice[] = [];
  for (const r of report.recommendations) {
    const { schema, table, columns, index } = r.target;
    if (r.kind !== 'missing-index' || !schema || !table || !columns?.length) continue;
    advice.push({
      datname: report.database,
      schema,
      table,
      columns,
      ...(index ? { index } : {}),
      queryids: (r.statements ?? []).map((s) => s.queryid),
      verified: r.verified,
    });
  }
  return advice;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Replaces the `<column>` placeholder of each sequential-scan finding with the advised index for the same
 * table: the advice that serves the statements linked to the scan, else any advice for that table. Findings
 * without matching advice keep the statement look-up and the placeholder.
 */
export function applyIndexAdvice(findings: readonly Finding[], advice: readonly IndexAdvice[]): Finding[] {
  if (advice.length === 0) return [...findings];
  return findings.map((scan) => {
    if (scan.check !== 'postgres.sequential-scans') return scan;
    const forTable = advice.filter(
      (a) =>
        a.datname === scan.target.datname &&
        a.schema === scan.target.schemaname &&
        a.table === scan.target.relname &&
        a.columns.length > 0,
    );
    const readers = new Set(
      findings
        .filter((f) => f.causedBy.includes(scan.id) && f.target.queryid !== undefined)
        .map((f) => f.target.queryid as string),
    );
    const serving = forTable.filter((a) => a.queryids.some((id) => readers.has(id)));
    const chosen = serving.length > 0 ? serving : forTable;
    const [first, ...rest] = scan.recommendations;
    if (chosen.length === 0 || !first) return scan;
    const table = `${ident(scan.target.schemaname ?? '')}.${ident(scan.target.relname ?? '')}`;
    const names = chosen.map((a) => a.index ?? `${a.table}_${a.columns.join('_')}_idx`);
    const described = chosen
      .map(
        (a) => `(${a.columns.join(', ')})${a.verified ? ', checked with a hypothetical index (hypopg)' : ''}`,
      )
      .join('; ');
    return {
      ...scan,
      recommendations: [
        {
          ...first,
          action: `Index ${table} on ${described}, as perflens advisor proposes for the statements that scan it.`,
          sql: chosen
            .map(
              (a, i) =>
                `-- perflens advisor: serves statement(s) ${a.queryids.join(', ') || 'reading this table'}; CONCURRENTLY does not block writes\n` +
                `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${ident(names[i] as string)} ON ${table} (${a.columns.map(ident).join(', ')});`,
            )
            .join('\n'),
          rollbackSql: names
            .map(
              (name) =>
                `DROP INDEX CONCURRENTLY IF EXISTS ${ident(scan.target.schemaname ?? '')}.${ident(name)};`,
            )
            .join('\n'),
        },
        ...rest,
      ],
    };
  });
}

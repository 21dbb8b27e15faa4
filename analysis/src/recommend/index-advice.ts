import type { CreateIndex, RecommendationSpec } from '../findings/recommendation-spec';
import type { CheckedFinding } from '../findings/finding';

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
  /** The advisor's index name; otherwise @perflens/conventions' indexName(). */
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

/**
 * Names the columns of each sequential-scan finding's create-index recommendation with the advised index for
 * the same table: the advice that serves the statements that read the table whole, else any advice for it;
 * more than one advised index becomes one recommendation each. This stage writes the columns and nothing else
 * (recommend/render-recommendation.ts turns them into SQL); findings without matching advice keep a
 * recommendation without columns, rendered with a `<column>` placeholder.
 */
export function applyIndexAdvice<F extends CheckedFinding>(
  findings: readonly F[],
  advice: readonly IndexAdvice[],
): F[] {
  if (advice.length === 0) return [...findings];
  return findings.map((finding) => {
    const forTable = (spec: CreateIndex) =>
      advice.filter(
        (a) =>
          a.datname === finding.target.datname &&
          a.schema === spec.schema &&
          a.table === spec.table &&
          a.columns.length > 0,
      );
    if (!finding.recommendations.some((r) => r.kind === 'create-index' && forTable(r).length > 0))
      return finding;
    return {
      ...finding,
      recommendations: finding.recommendations.flatMap((spec): RecommendationSpec[] => {
        // Advice replaces columns read from a statement's WHERE clause, never advice already applied.
        if (spec.kind !== 'create-index' || spec.advisedFor) return [spec];
        const candidates = forTable(spec);
        const serving = candidates.filter((a) => a.queryids.some((id) => spec.readBy?.includes(id)));
        const chosen = serving.length > 0 ? serving : candidates;
        if (chosen.length === 0) return [spec];
        const unadvised: CreateIndex = { ...spec };
        delete unadvised.columnsFrom;
        return chosen.map((a) => ({
          ...unadvised,
          columns: a.columns,
          ...(a.index ? { indexName: a.index } : {}),
          advisedFor: { queryids: a.queryids, verified: a.verified },
        }));
      }),
    };
  });
}

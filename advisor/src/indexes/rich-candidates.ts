import type { IndexCandidate, TableColumnUse } from './candidate-indexes';
import type { RichPredicates } from './rich-predicates';
import type { TableInfo } from '../health/table-catalog';

/**
 * Adds a statement's expression keys (`(lower(email))`) to its column uses as equality keys, so the
 * single and two-column candidates include them like any column; a statement whose only predicate is
 * such an expression gets a use for its table here.
 */
export function withExpressionUses(
  uses: TableColumnUse[],
  rich: RichPredicates,
  tables: ReadonlyMap<string, TableInfo>,
): TableColumnUse[] {
  const byOid = new Map([...tables.values()].map((t) => [t.oid, t]));
  for (const [oid, expressions] of rich.expressions) {
    const table = byOid.get(oid);
    if (!table) continue;
    let use = uses.find((u) => u.table.oid === oid);
    if (!use) {
      use = { table, columns: new Map() };
      uses.push(use);
    }
    for (const expression of expressions) use.columns.set(expression, new Set(['equality']));
  }
  return uses;
}

/** The uses without expression keys: PgHero's heuristic reads pg_stats, which has no rows for them. */
export function withoutExpressions(uses: readonly TableColumnUse[]): TableColumnUse[] {
  return uses
    .map((u) => ({
      table: u.table,
      columns: new Map([...u.columns].filter(([name]) => !name.startsWith('('))),
    }))
    .filter((u) => u.columns.size > 0);
}

/**
 * Partial variants of the single-column candidates: on a table the statement also filters with a
 * parameter-free condition (`deleted_at IS NULL`), the same key with that condition as the index's WHERE
 * is a smaller index the planner can use for this statement (it proves the statement implies the
 * predicate). Both go to pass 1, so the planner picks the cheaper one; the workload pass then weighs the
 * smaller index against the general one for the other statements.
 */
export function withRichCandidates(
  candidates: { single: IndexCandidate[]; multi: IndexCandidate[] },
  rich: RichPredicates,
): { single: IndexCandidate[]; multi: IndexCandidate[] } {
  const partial: IndexCandidate[] = [];
  for (const candidate of [...candidates.single, ...candidates.multi]) {
    const conditions = (rich.conditions.get(candidate.table.oid) ?? []).filter(
      (condition) => !candidate.columns.includes(condition.column),
    );
    if (conditions.length > 0)
      partial.push({ ...candidate, where: conditions.map((c) => c.sql).join(' AND ') });
  }
  return {
    single: [...candidates.single, ...partial.filter((c) => c.columns.length === 1)],
    multi: [...candidates.multi, ...partial.filter((c) => c.columns.length > 1)],
  };
}

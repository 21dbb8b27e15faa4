import type { IndexCandidate, TableColumnUse } from './candidate-indexes';
import type { ColumnInfo } from '../health/table-catalog';
import { isCoveredByExisting } from '../health/table-catalog';

/** PgHero skips tables this small: a sequential scan of a few pages beats any index. */
const MIN_TABLE_ROWS = 500;
/** PgHero stops adding columns once this few rows are left. */
const ENOUGH_ROWS = 50;
/** PostgreSQL's default selectivity of an inequality it knows nothing about (DEFAULT_INEQ_SEL, selfuncs.h). */
const RANGE_SELECTIVITY = 1 / 3;

/** An index suggested from statistics alone, with the rows the planner would be left with. */
export interface HeuristicSuggestion {
  candidate: IndexCandidate;
  rowsBefore: number;
  rowsAfter: number;
}

/**
 * PgHero's suggester (suggested_indexes.rb), used when hypopg is not installed: estimate the rows each
 * predicate leaves from pg_stats (`=`: rows × (1 − null_frac) / n_distinct; a range: a third), take the
 * most selective columns greedily — at most two, stopping after a range column or once fewer than 50
 * rows are left — and drop a second column that does not cut the rows by more than 70%. No plan proves
 * the result, so the advisor marks it unverified.
 */
export function heuristicIndex(use: TableColumnUse): HeuristicSuggestion | undefined {
  const { table } = use;
  if (table.rows < MIN_TABLE_ROWS) return undefined;
  const predicates = [...use.columns.entries()]
    .filter(([, roles]) => roles.has('equality') || roles.has('range'))
    .map(([name, roles]) => {
      const column = table.columns.get(name)!;
      const range = !roles.has('equality');
      return { name, range, rows: range ? table.rows * RANGE_SELECTIVITY : equalityRows(table.rows, column) };
    })
    .sort((a, b) => a.rows - b.rows || Number(a.range) - Number(b.range) || a.name.localeCompare(b.name));
  const columns: string[] = [];
  let rowsLeft = table.rows;
  for (const predicate of predicates) {
    if (columns.length === 2 || rowsLeft < ENOUGH_ROWS) break;
    const next = rowsLeft * (predicate.rows / table.rows);
    // PgHero's `prev > next * 0.3` rule: a column that keeps more than 30% of the rows is not worth a key.
    if (columns.length > 0 && next > rowsLeft * 0.3) break;
    columns.push(predicate.name);
    rowsLeft = next;
    if (predicate.range) break;
  }
  // After equality columns only, an ORDER BY column lets the index return rows already sorted, so a
  // LIMIT stops early (PostgreSQL docs 11.4, "Indexes and ORDER BY").
  const sort = [...use.columns.entries()].find(
    ([name, roles]) => roles.has('sort') && !columns.includes(name),
  );
  const allEquality = columns.every((name) => use.columns.get(name)?.has('equality'));
  if (sort && columns.length === 1 && allEquality) columns.push(sort[0]);
  if (columns.length === 0 || isCoveredByExisting(table, columns)) return undefined;
  return { candidate: { table, columns }, rowsBefore: table.rows, rowsAfter: rowsLeft };
}

function equalityRows(rows: number, column: ColumnInfo): number {
  const nullFrac = column.nullFrac ?? 0;
  // n_distinct < 0 is a fraction of the rows; 0 or missing means "not analysed": assume 200 values, the
  // planner's DEFAULT_NUM_DISTINCT (selfuncs.h).
  const raw = column.nDistinct ?? 0;
  const distinct = raw < 0 ? -raw * rows : raw > 0 ? raw : 200;
  return (rows * (1 - nullFrac)) / Math.max(1, distinct);
}

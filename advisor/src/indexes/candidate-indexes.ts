import type { ColumnRole, StatementShape } from '../statements/statement-shape';
import { isCoveredByExisting, tableKey, type TableInfo } from '../health/table-catalog';

/** A btree index that might help: the table and its key columns in order. */
export interface IndexCandidate {
  table: TableInfo;
  /** Key columns; an entry in parentheses is an expression key, `(lower(email))`. */
  columns: string[];
  /** Non-key columns for an index-only scan (INCLUDE). */
  include?: string[];
  /** A partial index's predicate, as SQL. */
  where?: string;
}

/** The columns one statement uses on one table, by role; the input of candidates and the heuristic. */
export interface TableColumnUse {
  table: TableInfo;
  columns: Map<string, Set<ColumnRole>>;
}

// Dexter skips column types a btree cannot index or that are poor keys (lib/dexter/indexer.rb).
const UNINDEXABLE_TYPES = /^(json|point|xml|tsvector)\b/;
/** Columns per table considered for two-column permutations; bounds the candidates at n*(n-1) pairs. */
const MAX_COLUMNS_PER_TABLE = 8;

/**
 * Resolves each column use to the one table that has the column (an unqualified column in a join is
 * resolved by the catalog, as the server would), keeping only tables the catalog knows.
 */
export function columnUsesByTable(shape: StatementShape, tables: Map<string, TableInfo>): TableColumnUse[] {
  const byOid = new Map<number, TableColumnUse>();
  for (const use of shape.uses) {
    const owners = use.tables
      .map((name) => tables.get(tableKey(name)))
      .filter((table): table is TableInfo => table?.columns.has(use.column) ?? false);
    if (owners.length !== 1) continue;
    const table = owners[0]!;
    const column = table.columns.get(use.column)!;
    if (UNINDEXABLE_TYPES.test(column.type)) continue;
    const entry = byOid.get(table.oid) ?? { table, columns: new Map() };
    byOid.set(table.oid, entry);
    const roles = entry.columns.get(use.column) ?? new Set<ColumnRole>();
    roles.add(use.role);
    entry.columns.set(use.column, roles);
  }
  return [...byOid.values()];
}

/**
 * Dexter's candidates: every single column a statement filters, joins or sorts on (pass 1) and every
 * ordered pair of them (pass 2), minus those an existing btree index already starts with. Columns
 * compared with `=` come first in the per-table list so the pairs most likely to win are kept when a
 * table has more than MAX_COLUMNS_PER_TABLE columns in use.
 */
export function indexCandidates(uses: readonly TableColumnUse[]): {
  single: IndexCandidate[];
  multi: IndexCandidate[];
} {
  const single: IndexCandidate[] = [];
  const multi: IndexCandidate[] = [];
  for (const { table, columns } of uses) {
    const ordered = [...columns.entries()]
      .sort(([a, ra], [b, rb]) => rank(ra) - rank(rb) || a.localeCompare(b))
      .map(([name]) => name)
      .slice(0, MAX_COLUMNS_PER_TABLE);
    for (const column of ordered) {
      if (!isCoveredByExisting(table, [column])) single.push({ table, columns: [column] });
    }
    for (const first of ordered) {
      for (const second of ordered) {
        if (first !== second && !isCoveredByExisting(table, [first, second])) {
          multi.push({ table, columns: [first, second] });
        }
      }
    }
  }
  return { single, multi };
}

function rank(roles: Set<ColumnRole>): number {
  if (roles.has('equality')) return 0;
  if (roles.has('join')) return 1;
  if (roles.has('range')) return 2;
  return 3;
}

/** A key that identifies a candidate across statements (same table, same columns in order). */
export function candidateKey(candidate: IndexCandidate): string {
  const include = candidate.include?.length ? ` include ${candidate.include.join(',')}` : '';
  return `${candidate.table.oid}:${candidate.columns.join(',')}${include}${candidate.where ? ` where ${candidate.where}` : ''}`;
}

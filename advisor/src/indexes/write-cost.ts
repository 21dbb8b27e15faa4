import type { ClientBase } from 'pg';
import { loadModule, parseSync } from 'libpg-query';
import { loadTables, tableKey } from '../health/table-catalog';
import type { StatementStats } from '../statements/statements-source';
import type { TableName } from '../statements/statement-shape';

/** What one more index would cost a table's writers, in the same milliseconds the savings are counted in. */
export interface TableWriteCost {
  /** Execution time of the tracked INSERT, UPDATE and COPY FROM statements on the table. */
  writeMs: number;
  /** Valid indexes the table has now: each write maintains all of them. */
  indexes: number;
  /** writeMs / (indexes + 1): the share of that time one more index would add. */
  perIndexMs: number;
}

type Node = Record<string, unknown>;
let loading: Promise<void> | undefined;

/**
 * The write cost one more index adds to each table, from pg_stat_statements rather than from
 * pg_stat_user_tables' row counters: the savings are measured there (execution time since its reset),
 * so charging the writes from the same view keeps both sides on one clock. pg_stat_user_tables counts
 * every row since the statistics were reset, a bulk load included, which a repeating workload does not
 * pay again. A write statement spends its time on the heap and on each index; one more index adds about
 * 1 / (indexes + 1) of it (a btree insertion costs about what a heap insertion does, both WAL-logged).
 * DELETE adds no index entries (VACUUM removes them later), so it is not charged. Statements under the
 * `minCalls` floor (a one-off load) are not part of the workload and were not read.
 */
export async function tableWriteCosts(
  client: ClientBase,
  statements: readonly StatementStats[],
): Promise<Map<number, TableWriteCost>> {
  await (loading ??= loadModule());
  const writes: { table: TableName; ms: number }[] = [];
  for (const s of statements) {
    const table = writtenTable(s.query);
    if (table) writes.push({ table, ms: s.totalExecMs });
  }
  const costs = new Map<number, TableWriteCost>();
  if (writes.length === 0) return costs;
  const tables = await loadTables(
    client,
    writes.map((w) => w.table),
  );
  for (const { table, ms } of writes) {
    const info = tables.get(tableKey(table));
    if (!info) continue;
    const indexes = info.indexes.filter((i) => i.valid).length;
    const entry = costs.get(info.oid) ?? { writeMs: 0, indexes, perIndexMs: 0 };
    entry.writeMs += ms;
    entry.perIndexMs = entry.writeMs / (indexes + 1);
    costs.set(info.oid, entry);
  }
  return costs;
}

/** The table an INSERT, UPDATE, MERGE or COPY FROM writes, or undefined for anything else. */
function writtenTable(sql: string): TableName | undefined {
  if (!/^\s*(with\b|insert\b|update\b|merge\b|copy\b)/i.test(sql)) return undefined;
  let stmt: Node | undefined;
  try {
    stmt = (parseSync(sql) as { stmts?: { stmt: Node }[] }).stmts?.[0]?.stmt;
  } catch {
    return undefined;
  }
  const [type] = Object.keys(stmt ?? {});
  const body = (stmt?.[type!] ?? {}) as Node;
  const copyFrom = type === 'CopyStmt' && body.is_from === true;
  if (!['InsertStmt', 'UpdateStmt', 'MergeStmt'].includes(type ?? '') && !copyFrom) return undefined;
  const relation = body.relation as Node | undefined;
  if (!relation?.relname) return undefined;
  const schema = relation.schemaname as string | undefined;
  return schema ? { schema, name: String(relation.relname) } : { name: String(relation.relname) };
}

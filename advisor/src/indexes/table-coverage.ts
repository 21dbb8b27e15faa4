import type { TableColumnUse } from './candidate-indexes';
import type { StatementStats } from '../statements/statements-source';

/** The statements that read one table, and the indexes recommended for it or the reason there are none. */
export interface TableCoverage {
  schema: string;
  table: string;
  statements: Pick<StatementStats, 'queryid' | 'query' | 'calls' | 'meanExecMs' | 'totalExecMs'>[];
  /** Names of the indexes recommended on the table. */
  indexes: string[];
  /** Why no index is recommended; absent when there is one. */
  reason?: string;
}

/** What the index pass concluded per table: `indexesOf` and `stoppedOn` come from the pass that ran. */
export function tableCoverage(
  parsed: readonly { stats: StatementStats; uses: readonly TableColumnUse[] }[],
  errors: readonly { queryid: string; message: string }[],
  indexesOf: (oid: number) => string[],
  stoppedOn: (oid: number) => string | undefined,
  options: { minCost: number; minCostSavingsPct: number },
): TableCoverage[] {
  const byTable = new Map<number, TableCoverage & { ids: string[] }>();
  for (const { stats, uses } of parsed) {
    for (const { table } of uses) {
      const entry = byTable.get(table.oid) ?? {
        schema: table.schema,
        table: table.name,
        statements: [],
        indexes: indexesOf(table.oid),
        ids: [],
      };
      entry.statements.push({
        queryid: stats.queryid,
        query: stats.query,
        calls: stats.calls,
        meanExecMs: Math.round(stats.meanExecMs * 100) / 100,
        totalExecMs: Math.round(stats.totalExecMs * 100) / 100,
      });
      entry.ids.push(stats.queryid);
      byTable.set(table.oid, entry);
    }
  }
  return [...byTable.entries()].map(([oid, { ids, ...entry }]) => {
    if (entry.indexes.length > 0) return entry;
    const failed = errors.filter((e) => ids.includes(e.queryid));
    const stopped = stoppedOn(oid);
    const reason =
      failed.length === ids.length
        ? `its statements could not be planned (${failed[0]!.message})`
        : stopped
          ? `no index is worth it: ${stopped}`
          : `no index cuts the planner cost of its statements by ${options.minCostSavingsPct}% (or they cost under ${options.minCost})`;
    return { ...entry, reason };
  });
}

import type { TableCoverage } from '../indexes/table-coverage';
import type { Recommendation } from './recommendation';

/**
 * Gives every seq-scan-heavy-table recommendation its fix or the reason there is none: the analysed
 * statements that read the table and the indexes recommended for them. A table flagged for sequential
 * scans with no word on what to do about it is a problem without its fix.
 */
export function linkSeqScanTables(
  recommendations: Recommendation[],
  coverage: readonly TableCoverage[] | undefined,
  options: { minTimeShare: number; minCalls: number },
): void {
  for (const r of recommendations) {
    if (r.kind !== 'seq-scan-heavy-table') continue;
    const table = coverage?.find((c) => c.schema === r.target.schema && c.table === r.target.table);
    if (table) r.readers = table.statements;
    r.expectedEffect = !coverage
      ? `${r.expectedEffect} No statement could be read to find an index for it (see the statements section error).`
      : !table
        ? `${r.expectedEffect} No analysed statement reads it: none has ${options.minTimeShare * 100}% of the execution time or of the blocks read and at least ${options.minCalls} calls (options minTimeShare, minCalls).`
        : table.indexes.length > 0
          ? `Recommended for the ${table.statements.length} statement(s) that read it: index ${table.indexes.join(', ')} (missing-index advice).`
          : `The ${table.statements.length} analysed statement(s) that read it get no index: ${table.reason}.`;
  }
}

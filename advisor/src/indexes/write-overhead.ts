import type { IndexCandidate } from './candidate-indexes';
import type { WriteOverhead } from '../report/recommendation';

/** Bytes of a heap tuple header plus its line pointer (PostgreSQL docs 73.6, "Database Page Layout"). */
const HEAP_TUPLE_OVERHEAD = 23 + 1 + 4;
/** An index tuple's header (IndexTupleData, 8 bytes) plus its line pointer. */
const INDEX_TUPLE_OVERHEAD = 8 + 4;
/** Btree leaf pages are filled to 90% by default (fillfactor, CREATE INDEX docs). */
const BTREE_FILL = 0.9;
const PAGE_BYTES = 8192;
/** Width assumed for a column pg_stats knows nothing about yet. */
const UNKNOWN_WIDTH = 8;

/**
 * pganalyze's "Index Write Overhead": every insert and every non-HOT update writes one index entry, so
 * the entry's size relative to the row's is the extra write volume the index costs. Widths are
 * pg_stats.avg_width; the size estimate assumes a freshly built btree.
 */
export function writeOverhead(candidate: IndexCandidate): WriteOverhead {
  const { table } = candidate;
  const width = (name: string) => table.columns.get(name)?.avgWidth ?? UNKNOWN_WIDTH;
  const keyBytes = candidate.columns.reduce((sum, name) => sum + width(name), 0);
  const rowData = [...table.columns.keys()].reduce((sum, name) => sum + width(name), 0);
  const indexEntryBytes = 8 + keyBytes;
  const rowBytes = HEAP_TUPLE_OVERHEAD + rowData;
  const perPage = Math.max(1, Math.floor((PAGE_BYTES * BTREE_FILL) / (keyBytes + INDEX_TUPLE_OVERHEAD)));
  return {
    indexEntryBytes,
    rowBytes,
    ratio: round(indexEntryBytes / rowBytes),
    estimatedSizeBytes: Math.ceil(table.rows / perPage) * PAGE_BYTES,
    writesSinceStatsReset: table.writesSinceStatsReset,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

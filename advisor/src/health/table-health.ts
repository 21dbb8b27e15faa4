import type { ClientBase } from 'pg';
import { formatBytes } from '../indexes/index-hygiene';
import { recommendationId, type Recommendation } from '../report/recommendation';
import { cumulativeScans, scansOf, type TableScans } from './table-scan-baseline';

/**
 * Scan counts, size and a bloat estimate of one user table. Live rows are pg_class.reltuples (kept by
 * VACUUM and ANALYZE) rather than n_live_tup, which on PostgreSQL 15 can count a bulk insert twice when
 * its pending statistics are flushed after a VACUUM already reported the table.
 */
export interface TableHealth {
  schema: string;
  table: string;
  seqScans: number;
  idxScans: number;
  seqRowsRead: number;
  liveRows: number;
  deadRows: number;
  sizeBytes: number;
  /** Heap bytes expected for the live rows at the table's fillfactor; null before ANALYZE. */
  expectedBytes: number | null;
}

/**
 * Reads pg_stat_user_tables and estimates each table's expected heap size from pg_stats widths, the
 * approach of the check_postgres / PgHero bloat queries: live rows × (tuple header + line pointer +
 * average row width), packed into 8 kB pages less the page header at the table's fillfactor
 * (PostgreSQL docs 73.6). The difference to the real size is an estimate, not a measurement
 * (pgstattuple would measure it, at the cost of reading the whole table).
 */
export async function readTableHealth(client: ClientBase): Promise<TableHealth[]> {
  const result = await client.query<Record<string, string | number | null>>(
    `SELECT s.schemaname AS schema, s.relname AS table, s.seq_scan::float8 AS seq_scans,
       coalesce(s.idx_scan, 0)::float8 AS idx_scans, s.seq_tup_read::float8 AS seq_rows_read,
       greatest(c.reltuples, 0)::float8 AS live_rows, s.n_dead_tup::float8 AS dead_rows,
       pg_relation_size(s.relid)::float8 AS size_bytes,
       (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE
          ceil(greatest(c.reltuples, 0) /
               greatest(1, floor((8192 - 24) * coalesce(
                 (SELECT option_value::float8 / 100 FROM pg_options_to_table(c.reloptions)
                  WHERE option_name = 'fillfactor'), 1.0) / (24 + 4 + sum(st.avg_width) + 4)))) * 8192 END
        FROM pg_stats st WHERE st.schemaname = s.schemaname AND st.tablename = s.relname AND NOT st.inherited
       )::float8 AS expected_bytes
     FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     WHERE s.schemaname NOT IN ('perflens_advisor')
     ORDER BY s.schemaname, s.relname`,
  );
  return result.rows.map((r) => ({
    schema: String(r.schema),
    table: String(r.table),
    seqScans: Number(r.seq_scans),
    idxScans: Number(r.idx_scans),
    seqRowsRead: Number(r.seq_rows_read),
    liveRows: Number(r.live_rows),
    deadRows: Number(r.dead_rows),
    sizeBytes: Number(r.size_bytes),
    expectedBytes: r.expected_bytes === null ? null : Number(r.expected_bytes),
  }));
}

/**
 * PgHero's missing-index hint: a table of at least `minRows` live rows whose index scans are under
 * `maxIndexShare` (95%) of all its scans reads most of its rows the slow way. Judged on `scans`, the scans
 * over a window when a TableScanBaseline gives one (table-scan-baseline.ts), else on the counters since the
 * last statistics reset: a table no sequential scan read in the window is not advised against.
 */
export function seqScanHeavyTables(
  tables: readonly TableHealth[],
  minRows: number,
  maxIndexShare: number,
  scans: ReadonlyMap<string, TableScans> = cumulativeScans(tables),
): Recommendation[] {
  return tables.flatMap((t) => {
    const judged = scansOf(scans, t);
    if (!judged || t.liveRows < minRows || judged.seqScans <= 0) return [];
    const share = judged.idxScans / (judged.seqScans + judged.idxScans);
    if (share >= maxIndexShare) return [];
    const when =
      judged.windowSeconds !== undefined
        ? `in the last ${formatWindow(judged.windowSeconds)}`
        : 'since statistics were last reset';
    return [
      {
        id: recommendationId('seq-scan-heavy-table', `${t.schema}.${t.table}`),
        kind: 'seq-scan-heavy-table' as const,
        severity: 'warning' as const,
        title: `${t.table}: ${Math.round(share * 100)}% of scans use an index (${judged.seqScans} sequential scans of ${t.liveRows} rows ${when})`,
        target: { schema: t.schema, table: t.table },
        evidence: [
          { label: `index scan share ${when}`, value: round(share), threshold: maxIndexShare },
          { label: `sequential scans ${when}`, value: judged.seqScans },
          { label: `rows read by sequential scans ${when}`, value: judged.seqRowsRead },
          { label: 'live rows', value: t.liveRows, threshold: minRows },
          ...(judged.windowSeconds !== undefined
            ? [{ label: 'window', value: Math.round(judged.windowSeconds), unit: 'seconds' }]
            : []),
        ],
        expectedEffect:
          'An index for the statements that scan this table (see missing-index advice for it) turns full reads into index lookups.',
        verified: false,
      },
    ];
  });
}

/** `90 s`, `5 min`. */
function formatWindow(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

/** Tables whose heap is at least `minWastedBytes` larger than their live rows need (estimated). */
export function bloatedTables(tables: readonly TableHealth[], minWastedBytes: number): Recommendation[] {
  return tables
    .filter((t) => t.expectedBytes !== null && t.sizeBytes - t.expectedBytes >= minWastedBytes)
    .map((t) => {
      const wasted = t.sizeBytes - (t.expectedBytes ?? 0);
      return {
        id: recommendationId('table-bloat', `${t.schema}.${t.table}`),
        kind: 'table-bloat' as const,
        severity: wasted > t.sizeBytes / 2 ? ('warning' as const) : ('info' as const),
        title: `${t.table}: about ${formatBytes(wasted)} of ${formatBytes(t.sizeBytes)} is bloat (estimate)`,
        target: { schema: t.schema, table: t.table },
        evidence: [
          { label: 'table size', value: t.sizeBytes, unit: 'bytes' },
          { label: 'expected size for live rows', value: t.expectedBytes ?? 0, unit: 'bytes' },
          { label: 'estimated wasted', value: wasted, unit: 'bytes', threshold: minWastedBytes },
          { label: 'dead rows', value: t.deadRows },
        ],
        expectedEffect:
          'VACUUM makes the space reusable but does not shrink the file; pg_repack or VACUUM FULL (which locks the table) returns it. Check autovacuum settings so it does not grow back.',
        verified: false,
      };
    });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

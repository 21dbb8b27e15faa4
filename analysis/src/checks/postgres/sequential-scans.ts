import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { PostgresEvidence, StatementStats, TableStats } from '../../sources/postgres-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { statementsReadingWhole } from './table-readers';
import { whereColumns } from './where-columns';

export const sequentialScansCheck: CheckMetadata = {
  id: 'postgres.sequential-scans',
  layer: 'postgres',
  title: 'Sequential scans on a large table (index candidate)',
  whyItMatters:
    'Statements read the whole table to find a few rows: the cost grows with the table, and the pages they read push useful ones out of the cache.',
  scoring:
    'Share of scans that are sequential × rows read sequentially per second (per million, at most 1) × 30; once linked to the statements that scan it, it ranks right above the highest of them (its score + 0.01) instead. A table found by its share of rows read alone scores by its (small) share of scans: unlinked, it is a lead, not a user-facing problem.',
  thresholds:
    'At least postgres.sequentialScanMinRows (10,000) rows, and either PgHero’s missing-index rule, indexes used for less than postgres.indexUsageRatio (95%) of the scans in the range, or sequential scans at least once a minute that read postgres.sequentialRowsShare (95%) of the rows the table serves (sequential reads and index fetches): a frequent full scan beside many cheap index lookups, which PgHero’s scan count passes. Rows are the larger of n_live_tup and pg_class.reltuples, so a table is still judged after pg_stat_reset().',
  remedy:
    'Index the columns the linked statements filter or join on; prove it first with a hypothetical index (perflens advisor, hypopg).',
};

/**
 * Large tables read mostly by sequential scans; `recentStatements`, the statements of the range's recent
 * window, name the readers of a scan that began minutes ago too.
 */
export function findSequentialScans(
  evidence: PostgresEvidence,
  thresholds: ResolvedThresholds,
  recentStatements: readonly StatementStats[] = [],
): CheckedFinding[] {
  const {
    sequentialScanMinRows: minRows,
    indexUsageRatio: usageLimit,
    sequentialRowsShare: rowsShareLimit,
  } = thresholds.values.postgres;
  const findings: CheckedFinding[] = [];
  for (const table of evidence.tables) {
    // n_live_tup reads 0 (then a few thousand) after pg_stat_reset(); reltuples keeps the last count.
    const rows = Math.max(table.liveRows ?? 0, table.estimatedRows ?? 0);
    const index = table.indexScansPerSecond ?? 0;
    const usage = index / (index + table.seqScansPerSecond);
    const rowsRead = table.seqRowsReadPerSecond ?? table.seqScansPerSecond * rows;
    const rowsShare = sequentialRowsShare(rowsRead, table.indexRowsFetchedPerSecond);
    const scansMostlySequential = usage < usageLimit;
    const rowsMostlySequential =
      rowsShare !== undefined &&
      rowsShare >= rowsShareLimit &&
      table.seqScansPerSecond >= MIN_FREQUENT_SCANS_PER_SECOND;
    if (rows < minRows || table.seqScansPerSecond <= 0 || !(scansMostlySequential || rowsMostlySequential))
      continue;
    const readers = statementsReadingWhole(evidence, table, recentStatements);
    const readBy =
      readers.length > 0 ? `; read by statement${readers.length > 1 ? 's' : ''} ${readers.join(', ')}` : '';
    findings.push(
      makeFinding(sequentialScansCheck, {
        target: { datname: table.datname, schemaname: table.schemaname, relname: table.relname },
        severity: 'warning',
        impact: {
          score: (1 - usage) * clamp01(rowsRead / 1e6) * 30,
          explanation: `${formatPercent(1 - usage)} of the scans of ${table.relname} read all its ${formatNumber(rows)} rows, ${formatNumber(rowsRead)} rows per second${rowsShare !== undefined ? `, ${formatPercent(rowsShare)} of the rows it serves` : ''}.`,
        },
        title: `${table.datname}.${table.schemaname}.${table.relname}: ${formatNumber(table.seqScansPerSecond)} sequential scans/s of ${formatNumber(rows)} rows (index used for ${formatPercent(usage)} of scans${rowsMostlySequential ? `, ${formatPercent(rowsShare ?? 0)} of rows read sequentially` : ''})${readBy}`,
        evidence: [
          {
            label: 'share of scans using an index',
            query: `${evidence.queries.indexScans} / (${evidence.queries.indexScans} + ${evidence.queries.seqScans})`,
            value: usage,
            unit: 'ratio',
            threshold: usageLimit,
            thresholdSource: thresholdSource(thresholds, 'postgres.indexUsageRatio'),
          },
          {
            label: 'rows (the larger of n_live_tup and pg_class.reltuples)',
            query: tableRowsQuery(evidence),
            value: rows,
            unit: 'count',
            threshold: minRows,
            thresholdSource: thresholdSource(thresholds, 'postgres.sequentialScanMinRows'),
          },
          {
            label: 'rows read by sequential scans per second',
            query: evidence.queries.seqRowsRead,
            value: rowsRead,
            unit: 'per_second',
          },
          ...(rowsShare !== undefined
            ? [
                {
                  label: 'share of the rows served that sequential scans read',
                  query: `${evidence.queries.seqRowsRead} / (${evidence.queries.seqRowsRead} + ${evidence.queries.indexRowsFetched})`,
                  value: rowsShare,
                  unit: 'ratio' as const,
                  threshold: rowsShareLimit,
                  thresholdSource: thresholdSource(thresholds, 'postgres.sequentialRowsShare'),
                },
              ]
            : []),
          ...(table.sizeBytes !== undefined
            ? [
                {
                  label: 'table size',
                  query: evidence.queries.tableSize,
                  value: table.sizeBytes,
                  unit: 'bytes' as const,
                },
              ]
            : []),
        ],
        recommendations: [
          {
            kind: 'create-index',
            schema: table.schemaname,
            table: table.relname,
            ...(table.sizeBytes !== undefined ? { tableSizeBytes: table.sizeBytes } : {}),
            ...(readers.length > 0 ? { readBy: readers } : {}),
            ...lookupColumns(table, readers, [...evidence.statements, ...recentStatements]),
          },
        ],
      }),
    );
  }
  return findings;
}

/**
 * The columns the busiest reading statement with a readable WHERE clause looks the table up by, and where
 * they come from; nothing when no reader's text is known or none is a plain lookup (where-columns.ts).
 */
function lookupColumns(
  table: TableStats,
  readers: readonly string[],
  statements: readonly StatementStats[],
): { columns?: string[]; columnsFrom?: { queryid: string; predicate: string } } {
  const candidates = statements
    .filter((s) => readers.includes(s.queryid) && s.datname === table.datname && s.query !== undefined)
    .sort((a, b) => b.secondsPerSecond - a.secondsPerSecond);
  for (const statement of candidates) {
    const lookup = whereColumns(statement.query ?? '', table.schemaname, table.relname);
    if (lookup)
      return {
        columns: lookup.columns,
        columnsFrom: { queryid: statement.queryid, predicate: lookup.predicate },
      };
  }
  return {};
}

/**
 * Below one full scan a minute, a table read mostly by sequential scans is a nightly report or a
 * maintenance job, not a missing index.
 */
const MIN_FREQUENT_SCANS_PER_SECOND = 1 / 60;

/** Sequential reads over all rows the table served; undefined where either count is unknown or both are 0. */
function sequentialRowsShare(seqRowsRead: number, indexRowsFetched: number | undefined): number | undefined {
  if (indexRowsFetched === undefined || seqRowsRead + indexRowsFetched <= 0) return undefined;
  return seqRowsRead / (seqRowsRead + indexRowsFetched);
}

/** The larger of the two row counts per table, as one query: what the check compares with its threshold. */
function tableRowsQuery(evidence: PostgresEvidence): string {
  const q = evidence.queries;
  return `max by (datname, schemaname, relname) (label_replace(${q.liveRows}, "rows_from", "n_live_tup", "", "") or label_replace(${q.estimatedRows}, "rows_from", "reltuples", "", ""))`;
}

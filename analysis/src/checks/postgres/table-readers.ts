import type { PostgresEvidence, StatementStats, TableStats } from '../../sources/postgres-evidence';

/** PostgreSQL's page size (BLCKSZ, 8 kB unless compiled otherwise). */
const BLOCK_SIZE_BYTES = 8192;

/**
 * A statement whose calls each read at least this share of a table's blocks is taken to scan that table:
 * pg_stat_statements does not name relations, but block counts do (shared_blks_hit + shared_blks_read).
 */
const SCAN_BLOCK_SHARE = 0.5;

/**
 * Whether each call of the statement reads the table whole (at least half its blocks); undefined when the
 * block counts or the table size are unknown.
 */
export function readsTableWhole(statement: StatementStats, table: TableStats): boolean | undefined {
  if (statement.datname !== table.datname) return false;
  if (!statement.blocksPerSecond || statement.callsPerSecond <= 0 || table.sizeBytes === undefined)
    return undefined;
  const blocksPerCall = statement.blocksPerSecond / statement.callsPerSecond;
  return blocksPerCall >= SCAN_BLOCK_SHARE * (table.sizeBytes / BLOCK_SIZE_BYTES);
}

/**
 * The queryids of the statements that read the table whole on each call, sorted: over the whole range, or
 * over its recent window when given (a scan that began minutes ago is diluted in the range's block counts).
 */
export function statementsReadingWhole(
  evidence: PostgresEvidence,
  table: TableStats,
  recentStatements: readonly StatementStats[] = [],
): string[] {
  const readers = [...evidence.statements, ...recentStatements]
    .filter((statement) => readsTableWhole(statement, table) === true)
    .map((statement) => statement.queryid);
  return [...new Set(readers)].sort();
}

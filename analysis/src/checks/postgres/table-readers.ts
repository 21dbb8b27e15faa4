import type { StatementPlanScans } from '../../sources/postgres-evidence-sessions';
import type { PostgresEvidence, StatementStats, TableStats } from '../../sources/postgres-evidence';

/** PostgreSQL's page size (BLCKSZ, 8 kB unless compiled otherwise). */
const BLOCK_SIZE_BYTES = 8192;

/**
 * A statement whose calls each read at least this share of a table's blocks is taken to scan that table:
 * pg_stat_statements does not name relations, but block counts do (shared_blks_hit + shared_blks_read).
 */
const SCAN_BLOCK_SHARE = 0.5;

/** The table a sequential-scan finding is about, by the labels its target carries. */
export type TableName = Pick<TableStats, 'datname' | 'schemaname' | 'relname'>;

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

/** The plan the exporter's advisor made for the statement, when it planned it. */
export function planOf(
  plans: readonly StatementPlanScans[] | undefined,
  statement: Pick<StatementStats, 'datname' | 'queryid'>,
): StatementPlanScans | undefined {
  return plans?.find((p) => p.datname === statement.datname && p.queryid === statement.queryid);
}

/** Whether the plan scans the table sequentially. */
export function planScansTable(plan: StatementPlanScans, table: TableName): boolean {
  return (
    plan.datname === table.datname &&
    plan.relations.some(
      (r) => r.schemaname === table.schemaname && r.relname === table.relname && r.seqScans > 0,
    )
  );
}

/**
 * Whether the statement reads the table whole: by its plan when the advisor planned it (measured), by its
 * block counts otherwise (a nested loop's index lookups can hit more than half a table's blocks, so those
 * only suggest it). Undefined when neither is known.
 */
export function statementReadsTable(
  statement: StatementStats,
  table: TableStats,
  plans: readonly StatementPlanScans[] | undefined,
): boolean | undefined {
  const plan = planOf(plans, statement);
  return plan ? planScansTable(plan, table) : readsTableWhole(statement, table);
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
    .filter((statement) => statementReadsTable(statement, table, evidence.statementPlans) === true)
    .map((statement) => statement.queryid);
  return [...new Set(readers)].sort();
}

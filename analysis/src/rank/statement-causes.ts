import type { AnalysisEvidence } from '../checks/check-catalogue';
import { planOf, planScansTable, readsTableWhole } from '../checks/postgres/table-readers';
import type { CheckedFinding } from '../findings/finding';
import type { PostgresEvidence } from '../sources/postgres-evidence';
import { type EntityRelations, statementKey } from './entity-relations';

/**
 * The PostgreSQL causes of a symptom matched by the entity they share: the statements a route or pool
 * runs, the tables a statement scans, the locks a statement waits for and the statements that hold them.
 */

export const ofCheck = (all: readonly CheckedFinding[], ...checks: string[]) =>
  all.filter((f) => checks.includes(f.check));

/** Findings that name one pg_stat_statements entry (target { datname, queryid }). */
const statementFindings = (all: readonly CheckedFinding[]) =>
  ofCheck(all, 'postgres.top-time-statements', 'postgres.slow-statements');

/** The statement(s) that dominate database time: top-time findings, else the slow statement that weighs most. */
export function dominantStatements(all: readonly CheckedFinding[]): CheckedFinding[] {
  const top = ofCheck(all, 'postgres.top-time-statements');
  if (top.length > 0) return top;
  const slow = ofCheck(all, 'postgres.slow-statements').sort((a, b) => b.ownImpact.score - a.ownImpact.score);
  return slow.slice(0, 1);
}

/**
 * The statement findings among `statements` ("datname\0queryid" keys). Unknown statements (the service's
 * statements could not be joined to pg_stat_statements by text: older instrumentation, or the exporter's
 * statement texts turned off) fall back to the dominant statement, the one guess that is right when a
 * single statement is the database's problem.
 */
export function statementsAmong(
  all: readonly CheckedFinding[],
  statements: ReadonlySet<string> | undefined,
): CheckedFinding[] {
  if (statements === undefined) return dominantStatements(all);
  return statementFindings(all).filter((s) =>
    statements.has(statementKey(s.target.datname, s.target.queryid)),
  );
}

/**
 * Sequential-scan findings whose proposed index serves one of `statements` (the create-index took its
 * columns from that statement's WHERE clause, checks/postgres/where-columns.ts) where that statement is no
 * finding of its own: a flagged statement carries the link itself (route → statement → table); an unflagged
 * one, fast enough on average, would otherwise leave the route's chain short of the missing index that slows
 * it. Block counts alone (`readBy`) are not enough here: a report that reads most of a table through an index
 * reads as many blocks as a scan.
 */
export function scansReadByUnflaggedStatements(
  all: readonly CheckedFinding[],
  statements: ReadonlySet<string> | undefined,
): CheckedFinding[] {
  if (statements === undefined) return [];
  const flagged = new Set(
    statementFindings(all).map((s) => statementKey(s.target.datname, s.target.queryid)),
  );
  return ofCheck(all, 'postgres.sequential-scans').filter((scan) =>
    scan.recommendations.some(
      (spec) =>
        spec.kind === 'create-index' &&
        spec.columnsFrom !== undefined &&
        statements.has(statementKey(scan.target.datname, spec.columnsFrom.queryid)) &&
        !flagged.has(statementKey(scan.target.datname, spec.columnsFrom.queryid)),
    ),
  );
}

/**
 * Lock-wait findings of the databases where one of `statements` waited for a lock. Where the exporter
 * names no waiting statements (perflens_pg_lock_waiters absent) or the statements are unknown, the
 * databases the statements run in decide; where those are unknown too, `fallback` does.
 */
export function lockWaitsOf(
  all: readonly CheckedFinding[],
  relations: EntityRelations,
  statements: ReadonlySet<string> | undefined,
  databases: ReadonlySet<string> | undefined,
  fallback: boolean,
): CheckedFinding[] {
  return ofCheck(all, 'postgres.lock-waits').filter((lock) => {
    const datname = lock.target.datname;
    const waits = relations.lockWaitsIn(datname);
    if (waits && statements)
      return [...waits.waiting].some((queryid) => statements.has(statementKey(datname, queryid)));
    if (databases) return datname !== undefined && databases.has(datname);
    return fallback;
  });
}

/**
 * A statement's lock waits: the database's lock-wait finding when the statement is among its waiting
 * statements; where the exporter names none there, `fallback` decides (the older rule: same database).
 */
export function lockWaitsOfStatement(
  statement: CheckedFinding,
  all: readonly CheckedFinding[],
  relations: EntityRelations,
  fallback: boolean,
): CheckedFinding[] {
  return ofCheck(all, 'postgres.lock-waits').filter((lock) => {
    if (lock.target.datname !== statement.target.datname) return false;
    const waits = relations.lockWaitsIn(lock.target.datname);
    return waits ? waits.waiting.has(statement.target.queryid ?? '') : fallback;
  });
}

/**
 * What keeps the locks of a lock-wait finding: the statements the holding sessions ran last, the
 * transactions left idle in transaction after them, and long transactions in the same database. A holder
 * statement that also waits (`SELECT … FOR UPDATE` both holds and waits for the same rows) is left out: its
 * finding is caused by the lock waits, and the link back would close a cycle; the transaction left open
 * around it (postgres.idle-in-transaction, which has no causes of its own) is the cause then. Where the
 * exporter names no waiting pairs, any idle-in-transaction finding of the database.
 */
export function lockHolders(
  lock: CheckedFinding,
  all: readonly CheckedFinding[],
  relations: EntityRelations,
): CheckedFinding[] {
  const datname = lock.target.datname;
  const waits = relations.lockWaitsIn(datname);
  const sameDatabase = (f: CheckedFinding) => f.target.datname === datname;
  const holders = waits
    ? statementFindings(all).filter((s) => {
        const queryid = s.target.queryid ?? '';
        return sameDatabase(s) && waits.holding.has(queryid) && !waits.waiting.has(queryid);
      })
    : [];
  const idle = ofCheck(all, 'postgres.idle-in-transaction').filter(
    (t) => sameDatabase(t) && (!waits || waits.holding.has(t.target.queryid ?? '')),
  );
  return [...ofCheck(all, 'postgres.long-transactions').filter(sameDatabase), ...idle, ...holders];
}

/**
 * Transactions left idle in transaction on a pool's connections: the idle-in-transaction findings of a
 * statement run on the pool; where statements are unknown, those of a database the pool's statements run
 * in; where that is unknown too, none (the finding names a statement, and nothing ties it to a pool then).
 */
export function idleTransactionsOfPool(
  all: readonly CheckedFinding[],
  statements: ReadonlySet<string> | undefined,
  databases: ReadonlySet<string> | undefined,
): CheckedFinding[] {
  return ofCheck(all, 'postgres.idle-in-transaction').filter((t) => {
    if (statements) return statements.has(statementKey(t.target.datname, t.target.queryid));
    return databases !== undefined && databases.has(t.target.datname ?? '');
  });
}

/**
 * Long transactions that hold a pool's connections: in a database where the exporter saw sessions idle in
 * transaction, only when one of them last ran a statement of the pool; else in a database the pool's
 * statements run in; else (nothing measured) any, the older rule.
 */
export function longTransactionsOfPool(
  all: readonly CheckedFinding[],
  relations: EntityRelations,
  statements: ReadonlySet<string> | undefined,
  databases: ReadonlySet<string> | undefined,
): CheckedFinding[] {
  return ofCheck(all, 'postgres.long-transactions').filter((t) => {
    const datname = t.target.datname;
    const idle = relations.idleInTransactionIn(datname);
    if (idle && statements)
      return [...idle].some((queryid) => statements.has(statementKey(datname, queryid)));
    if (databases) return datname !== undefined && databases.has(datname);
    return true;
  });
}

/**
 * Sequential-scan findings for tables the statement reads whole (checks/postgres/table-readers.ts): the
 * tables its plan scans when the exporter's advisor planned it; otherwise by block counts, judged on the
 * whole range or on its recent window (a scan that began minutes ago is diluted in the range's blocks per
 * call, and either finding may have been judged on the recent window: checks/judge-recent-window.ts).
 */
export function scannedTables(
  statement: CheckedFinding,
  all: readonly CheckedFinding[],
  evidence: AnalysisEvidence,
): CheckedFinding[] {
  const scans = ofCheck(all, 'postgres.sequential-scans').filter(
    (f) => f.target.datname === statement.target.datname,
  );
  const { datname = '', queryid = '' } = statement.target;
  const plan = planOf(evidence.postgres?.statementPlans, { datname, queryid });
  if (plan)
    return scans.filter((scan) =>
      planScansTable(plan, {
        datname: scan.target.datname ?? '',
        schemaname: scan.target.schemaname ?? '',
        relname: scan.target.relname ?? '',
      }),
    );
  const windows = [evidence.postgres, evidence.recent?.postgres].filter((p) => p !== undefined);
  const statsOf = (postgres: PostgresEvidence) =>
    postgres.statements.find(
      (s) => s.datname === statement.target.datname && s.queryid === statement.target.queryid,
    );
  const withBlocks = windows.filter((p) => {
    const stats = statsOf(p);
    return stats?.blocksPerSecond && stats.callsPerSecond > 0;
  });
  // Without block counts, a lone scanned table in the statement's database is the best guess.
  if (withBlocks.length === 0) return scans.length === 1 ? scans : [];
  return scans.filter((scan) =>
    withBlocks.some((postgres) => {
      const stats = statsOf(postgres);
      const table = postgres.tables.find(
        (t) =>
          t.datname === scan.target.datname &&
          t.schemaname === scan.target.schemaname &&
          t.relname === scan.target.relname,
      );
      return stats !== undefined && table !== undefined && readsTableWhole(stats, table) === true;
    }),
  );
}

import type { PostgresEvidence, StatementStats } from '../../sources/postgres-evidence';

/** Target labels of a statement finding: the keys of pg_stat_statements. */
export function statementTarget(statement: StatementStats): Record<string, string> {
  return { datname: statement.datname, queryid: statement.queryid };
}

/** Share of the database's statement time this statement takes. */
export function statementTimeShare(evidence: PostgresEvidence, statement: StatementStats): number {
  const total =
    evidence.databases.find((d) => d.datname === statement.datname)?.statementSecondsPerSecond ?? 0;
  return total > 0 ? statement.secondsPerSecond / total : 0;
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { PostgresEvidence } from '../../sources/postgres-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { boundedStatementText, statementName } from './statement-sql';
import { statementTarget, statementTimeShare } from './statement-target';

export const topTimeStatementsCheck: CheckMetadata = {
  id: 'postgres.top-time-statements',
  layer: 'postgres',
  title: 'Statement with the most total time',
  whyItMatters:
    'One statement takes a large share of all the time PostgreSQL spends executing statements: it is where an optimisation pays most (PgHero’s "Queries" view sorts by total time for the same reason).',
  scoring:
    'Its share of database time × its execution seconds per second (at most 1) × 30; once linked to a symptom it causes, it takes 95% of that symptom’s score instead, or that score + 0.01 for a symptom in the PostgreSQL layer.',
  thresholds: `postgres.statementTimeShareRatio (30%) of all statement time, keeping the server busy at least postgres.statementMinSecondsPerSecond (0.1 s per second), with at least postgres.slowStatementMinCalls (100) calls in the range.`,
  remedy: 'Read its plan (EXPLAIN (ANALYZE, BUFFERS)); add the index it lacks, or call it less often.',
};

/** Statements that dominate the database's execution time. */
export function findTopTimeStatements(
  evidence: PostgresEvidence,
  thresholds: ResolvedThresholds,
  rangeSeconds: number,
): CheckedFinding[] {
  const {
    statementTimeShareRatio: limit,
    statementMinSecondsPerSecond: minBusy,
    slowStatementMinCalls: minCalls,
  } = thresholds.values.postgres;
  const findings: CheckedFinding[] = [];
  for (const statement of evidence.statements) {
    const share = statementTimeShare(evidence, statement);
    if (
      share < limit ||
      statement.secondsPerSecond < minBusy ||
      statement.callsPerSecond * rangeSeconds < minCalls
    )
      continue;
    const mean = statement.callsPerSecond > 0 ? statement.secondsPerSecond / statement.callsPerSecond : 0;
    findings.push(
      makeFinding(topTimeStatementsCheck, {
        target: statementTarget(statement),
        severity: 'warning',
        impact: {
          score: share * clamp01(statement.secondsPerSecond) * 30,
          explanation: `It takes ${formatPercent(share)} of the statement time of ${statement.datname}, which executes ${formatNumber(statement.secondsPerSecond)} s of statements per second.`,
        },
        title: `${statementName(statement)} takes ${formatPercent(share)} of database time (${formatNumber(statement.callsPerSecond)} calls/s, mean ${formatSeconds(mean)})`,
        evidence: [
          {
            label: 'share of statement time',
            query: `${evidence.queries.statementSeconds} / ignoring(queryid) group_left ${evidence.queries.databaseSeconds}`,
            value: share,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'postgres.statementTimeShareRatio'),
          },
          {
            label: 'execution seconds per second',
            query: evidence.queries.statementSeconds,
            value: statement.secondsPerSecond,
            unit: 'per_second',
          },
          {
            label: 'calls per second',
            query: evidence.queries.statementCalls,
            value: statement.callsPerSecond,
            unit: 'per_second',
          },
        ],
        recommendations: [
          {
            kind: 'explain-statement',
            datname: statement.datname,
            queryid: statement.queryid,
            because: 'most-total-time',
            timeShare: share,
            ...(statement.query ? { query: boundedStatementText(statement.query) } : {}),
          },
        ],
      }),
    );
  }
  return findings;
}

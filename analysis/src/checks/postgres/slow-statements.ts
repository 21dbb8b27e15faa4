import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { PostgresEvidence } from '../../sources/postgres-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { boundedStatementText, statementName } from './statement-sql';
import { statementTarget, statementTimeShare } from './statement-target';

export const slowStatementsCheck: CheckMetadata = {
  id: 'postgres.slow-statements',
  layer: 'postgres',
  title: 'Statement with a high mean time',
  whyItMatters:
    'Each call of the statement is slow, so every request that runs it is slow, however rarely it runs.',
  scoring:
    'Mean time / the default latency threshold (at most 1) × its share of database time × 30 (below the API layer a check cannot see which requests it delays; once linked to a symptom it causes, it takes 95% of that symptom’s score instead, or that score + 0.01 for a symptom in the PostgreSQL layer).',
  thresholds:
    'postgres.slowStatementMeanSeconds (20 ms) mean time with at least postgres.slowStatementMinCalls (100) calls in the range: PgHero’s slow_query_ms and slow_query_calls defaults.',
  remedy:
    'EXPLAIN (ANALYZE, BUFFERS) it and fix the plan: an index for its filter or join, less data per call.',
};

/** Statements whose mean execution time exceeds the slow threshold. */
export function findSlowStatements(
  evidence: PostgresEvidence,
  thresholds: ResolvedThresholds,
  rangeSeconds: number,
): CheckedFinding[] {
  const { slowStatementMeanSeconds: limit, slowStatementMinCalls: minCalls } = thresholds.values.postgres;
  const findings: CheckedFinding[] = [];
  for (const statement of evidence.statements) {
    const calls = statement.callsPerSecond * rangeSeconds;
    if (calls < minCalls || statement.callsPerSecond <= 0) continue;
    const mean = statement.secondsPerSecond / statement.callsPerSecond;
    if (mean < limit) continue;
    const share = statementTimeShare(evidence, statement);
    const slowness = clamp01(mean / thresholds.values.api.latencyThresholdSeconds);
    const rowsPerCall =
      statement.rowsPerSecond !== undefined ? statement.rowsPerSecond / statement.callsPerSecond : undefined;
    findings.push(
      makeFinding(slowStatementsCheck, {
        target: statementTarget(statement),
        severity: mean >= 10 * limit ? 'critical' : 'warning',
        impact: {
          score: slowness * share * 30,
          explanation: `Each call takes ${formatSeconds(mean)} (${formatPercent(slowness)} of the latency threshold) and it takes ${formatPercent(share)} of database time.`,
        },
        title: `${statementName(statement)}: mean ${formatSeconds(mean)} over ${formatNumber(calls)} calls${rowsPerCall !== undefined ? `, ${formatNumber(rowsPerCall)} rows per call` : ''}`,
        evidence: [
          {
            label: 'mean execution time',
            query: `${evidence.queries.statementSeconds} / ${evidence.queries.statementCalls}`,
            value: mean,
            unit: 'seconds',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'postgres.slowStatementMeanSeconds'),
          },
          {
            label: 'calls in the range',
            query: `${evidence.queries.statementCalls} * ${rangeSeconds}`,
            value: calls,
            unit: 'count',
            threshold: minCalls,
            thresholdSource: thresholdSource(thresholds, 'postgres.slowStatementMinCalls'),
          },
        ],
        recommendations: [
          {
            kind: 'explain-statement',
            datname: statement.datname,
            queryid: statement.queryid,
            because: 'slow-calls',
            timeShare: share,
            ...(statement.query ? { query: boundedStatementText(statement.query) } : {}),
          },
        ],
      }),
    );
  }
  return findings;
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { PostgresEvidence } from '../../sources/postgres-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const longTransactionsCheck: CheckMetadata = {
  id: 'postgres.long-transactions',
  layer: 'postgres',
  title: 'Long transactions',
  whyItMatters:
    'A transaction open for minutes holds its locks and stops VACUUM from removing dead rows everywhere, so tables and indexes bloat and other sessions wait.',
  scoring: 'Longest transaction / (10 × threshold), at most 1, × 30: mostly a latent risk.',
  thresholds:
    'postgres.longTransactionSeconds (60 s): PgHero’s long_running_query_sec. Critical at 5 × the threshold.',
  remedy:
    'Find and end the session; fix code paths that leave transactions idle; set idle_in_transaction_session_timeout.',
};

/** Databases with a transaction open longer than the threshold. */
export function findLongTransactions(
  evidence: PostgresEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const limit = thresholds.values.postgres.longTransactionSeconds;
  const findings: CheckedFinding[] = [];
  for (const database of evidence.databases) {
    const longest = database.longestTransactionSeconds ?? 0;
    if (longest < limit) continue;
    const state = database.longestTransactionState ?? 'active';
    findings.push(
      makeFinding(longTransactionsCheck, {
        target: { datname: database.datname },
        severity: longest >= 5 * limit ? 'critical' : 'warning',
        impact: {
          score: clamp01(longest / (10 * limit)) * 30,
          explanation: `A transaction stayed open ${formatSeconds(longest)} (${state}), holding locks and the VACUUM horizon.`,
        },
        title: `${database.datname}: a transaction open for ${formatSeconds(longest)} (${state})`,
        evidence: [
          {
            label: 'longest open transaction',
            query: evidence.queries.longestTransaction,
            value: longest,
            unit: 'seconds',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'postgres.longTransactionSeconds'),
          },
        ],
        recommendations: [
          {
            kind: 'end-long-transactions',
            datname: database.datname,
            olderThanSeconds: limit,
            idleInTransaction: state.startsWith('idle in transaction'),
          },
        ],
      }),
    );
  }
  return findings;
}

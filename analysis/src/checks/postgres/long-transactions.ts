import type { CheckMetadata } from '../../findings/check-definition';
import type { Finding } from '../../findings/finding';
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
export function findLongTransactions(evidence: PostgresEvidence, thresholds: ResolvedThresholds): Finding[] {
  const limit = thresholds.values.postgres.longTransactionSeconds;
  const findings: Finding[] = [];
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
            action: state.startsWith('idle in transaction')
              ? 'A session sits idle inside a transaction: find the code path that opens a transaction and awaits something else (HTTP call, user input) before COMMIT; set idle_in_transaction_session_timeout.'
              : 'Find the long statement or batch and split it into smaller transactions.',
            expectedEffect: 'Locks released sooner and VACUUM able to clean up again.',
            effort: 'low',
            sql: `SELECT pid, state, now() - xact_start AS open_for, query FROM pg_stat_activity\nWHERE xact_start < now() - interval '${limit} seconds' ORDER BY xact_start;\n-- then, if it must go: SELECT pg_terminate_backend(<pid>);`,
            config: "ALTER SYSTEM SET idle_in_transaction_session_timeout = '60s'; SELECT pg_reload_conf();",
          },
        ],
      }),
    );
  }
  return findings;
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { PostgresEvidence } from '../../sources/postgres-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const lockWaitsCheck: CheckMetadata = {
  id: 'postgres.lock-waits',
  layer: 'postgres',
  title: 'Lock waits',
  whyItMatters:
    'Sessions wait for row or table locks held by other transactions: their requests stall for as long as the holder runs.',
  scoring: 'Mean waiting sessions / 5 (at most 1) × 30; deadlocks count as 1 waiting session each.',
  thresholds:
    'postgres.lockWaitingSessions (0.5) sessions waiting on a heavyweight lock on average, or any deadlock in the range. Critical at 10 × the threshold.',
  remedy:
    'Find the blockers (pg_blocking_pids), keep transactions short, and take locks in a consistent order; set lock_timeout.',
};

/** Databases where sessions wait on locks, or deadlock. */
export function findLockWaits(evidence: PostgresEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  const limit = thresholds.values.postgres.lockWaitingSessions;
  const findings: CheckedFinding[] = [];
  for (const database of evidence.databases) {
    const waiting = database.meanLockWaitingSessions ?? 0;
    const deadlocks = Math.round(database.deadlocks ?? 0);
    if (waiting < limit && deadlocks < 1) continue;
    findings.push(
      makeFinding(lockWaitsCheck, {
        target: { datname: database.datname },
        severity: waiting >= 10 * limit ? 'critical' : 'warning',
        impact: {
          score: clamp01((waiting + deadlocks) / 5) * 30,
          explanation: `${formatNumber(waiting)} sessions waited on locks on average, and ${deadlocks} deadlocks aborted transactions.`,
        },
        title: `${database.datname}: ${formatNumber(waiting)} sessions waiting on locks on average, ${deadlocks} deadlocks`,
        evidence: [
          {
            label: 'sessions waiting on locks',
            query: evidence.queries.lockWaiting,
            value: waiting,
            unit: 'count',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'postgres.lockWaitingSessions'),
          },
          {
            label: 'deadlocks in the range',
            query: evidence.queries.deadlocks,
            value: deadlocks,
            unit: 'count',
            threshold: 1,
            thresholdSource: 'default',
          },
        ],
        recommendations: [{ kind: 'find-lock-blockers', datname: database.datname }],
      }),
    );
  }
  return findings;
}

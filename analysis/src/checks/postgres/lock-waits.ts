import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding, Evidence } from '../../findings/finding';
import { formatNumber } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { PostgresEvidence } from '../../sources/postgres-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import type { LockHolder } from '../../findings/recommendation-spec';
import { statementTextOf } from '../../sources/postgres-evidence-sessions';
import { boundedStatementText, statementName } from './statement-sql';

/** Holding statements named per finding: the most waited-on ones. */
const MAX_HOLDERS = 3;

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
    const holders = lockHolders(evidence, database.datname);
    const top = holders[0];
    findings.push(
      makeFinding(lockWaitsCheck, {
        target: { datname: database.datname },
        severity: waiting >= 10 * limit ? 'critical' : 'warning',
        impact: {
          score: clamp01((waiting + deadlocks) / 5) * 30,
          explanation: `${formatNumber(waiting)} sessions waited on locks on average, and ${deadlocks} deadlocks aborted transactions.`,
        },
        title: `${database.datname}: ${formatNumber(waiting)} sessions waiting on locks on average, ${deadlocks} deadlocks${top ? `; most wait for ${statementName(top)} (${top.state})` : ''}`,
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
          ...holders.map((h): Evidence => ({
            label: `sessions waiting for locks held by sessions whose last statement was ${h.queryid}`,
            query: evidence.queries.lockWaitersByHolder,
            value: h.meanWaitingSessions,
            unit: 'count',
          })),
        ],
        recommendations: [
          {
            kind: 'find-lock-blockers',
            datname: database.datname,
            ...(holders.length > 0 ? { holders } : {}),
          },
        ],
      }),
    );
  }
  return findings;
}

/** The statements whose sessions held the locks others waited for, most waited-on first, with their text. */
function lockHolders(evidence: PostgresEvidence, datname: string): LockHolder[] {
  return (evidence.lockHolders ?? [])
    .filter((h) => h.datname === datname && h.holdingQueryid !== '' && h.meanWaitingSessions > 0)
    .slice(0, MAX_HOLDERS)
    .map((h) => {
      const query = statementTextOf(evidence.statementTexts, datname, h.holdingQueryid);
      return {
        queryid: h.holdingQueryid,
        ...(query ? { query: boundedStatementText(query) } : {}),
        // Any wait behind an idle holder: the queue starts there. The sessions waiting in line behind the first
        // waiter are counted as waiting for it (PostgreSQL queues row-lock waiters on the tuple lock), an
        // `active` holder running the same statement, so no share of the waits says more than this.
        state: h.meanWaitingOnIdleSessions > 0 ? 'idle in transaction' : 'active',
        meanWaitingSessions: h.meanWaitingSessions,
      };
    });
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding, Evidence } from '../../findings/finding';
import { formatNumber, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { PostgresEvidence } from '../../sources/postgres-evidence';
import { statementTextOf } from '../../sources/postgres-evidence-sessions';
import type { RelationsEvidence } from '../../sources/relations-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { boundedStatementText, statementName } from './statement-sql';

export const idleInTransactionCheck: CheckMetadata = {
  id: 'postgres.idle-in-transaction',
  layer: 'postgres',
  title: 'Transactions holding locks across slow work',
  whyItMatters:
    'A transaction that sits idle while the application does something else (an HTTP call, a computation) keeps its row locks: every request that needs those rows waits for the slow work too, and the connection stays taken. It shows in seconds, long before the long-transaction check’s minute.',
  scoring:
    '(Mean sessions waiting for its locks + a third of the mean sessions idle in transaction) / 5, at most 1, × 30, as lock waits score.',
  thresholds:
    'postgres.idleInTransactionWaitingSessions (0.1) sessions waiting on average for locks held by sessions idle in transaction after the statement, or sessions idle after it for postgres.idleInTransactionSeconds (1 s) with 0.1 of them idle on average. Critical at 10 × the waiting threshold.',
  remedy:
    'Commit before the external call, or move the slow work out of the transaction; take row locks just before the write that needs them. idle_in_transaction_session_timeout is the backstop.',
};

/** Routes named per finding: the busiest ones that run the statement. */
const MAX_ROUTES = 3;

interface IdleGroup {
  datname: string;
  queryid: string;
  waitingSessions: number;
  idleSessions: number;
  longestIdleSeconds?: number;
  longestWaitSeconds?: number;
}

/**
 * Statements after which sessions sit idle in their transaction while others wait for their locks, keyed by
 * the statement the session ran last (its queryid: the exporter never keys sessions by PID). The route
 * comes from the instrumentation's statements per route, joined to pg_stat_statements by normalized text.
 */
export function findIdleInTransaction(
  evidence: PostgresEvidence,
  thresholds: ResolvedThresholds,
  relations?: RelationsEvidence,
): CheckedFinding[] {
  const { idleInTransactionWaitingSessions: waitLimit, idleInTransactionSeconds: idleLimit } =
    thresholds.values.postgres;
  const findings: CheckedFinding[] = [];
  for (const group of idleGroups(evidence)) {
    const waited = group.waitingSessions >= waitLimit;
    const idledLong = (group.longestIdleSeconds ?? 0) >= idleLimit && group.idleSessions >= waitLimit;
    if (!waited && !idledLong) continue;
    const query = statementTextOf(evidence.statementTexts, group.datname, group.queryid);
    const statement = { queryid: group.queryid, ...(query ? { query } : {}) };
    const routes = routesRunning(relations, group.datname, group.queryid);
    const idleFor =
      group.longestIdleSeconds !== undefined
        ? `idle up to ${formatSeconds(group.longestIdleSeconds)}`
        : 'idle';
    const waiters = waited
      ? `${formatNumber(group.waitingSessions)} sessions on average wait for the locks of transactions ${idleFor} after ${statementName(statement)}`
      : `${formatNumber(group.idleSessions)} sessions on average sit in transactions ${idleFor} after ${statementName(statement)}`;
    findings.push(
      makeFinding(idleInTransactionCheck, {
        target: { datname: group.datname, queryid: group.queryid },
        severity: group.waitingSessions >= 10 * waitLimit ? 'critical' : 'warning',
        impact: {
          score: clamp01((group.waitingSessions + group.idleSessions / 3) / 5) * 30,
          explanation: `${formatNumber(group.waitingSessions)} sessions waited on average for locks held by transactions left idle after statement ${group.queryid}, and ${formatNumber(group.idleSessions)} sat idle in transaction.`,
        },
        title: `${group.datname}: ${waiters}${routes.length > 0 ? `, run by ${routes.join(', ')}` : ''}`,
        evidence: groupEvidence(evidence, group, thresholds),
        recommendations: [
          {
            kind: 'commit-before-slow-work',
            datname: group.datname,
            queryid: group.queryid,
            ...(query ? { query: boundedStatementText(query) } : {}),
            routes,
            ...(group.longestIdleSeconds !== undefined
              ? { longestIdleSeconds: group.longestIdleSeconds }
              : {}),
          },
        ],
      }),
    );
  }
  return findings;
}

/** One group per (database, last statement) seen idle in transaction or holding locks while idle. */
function idleGroups(evidence: PostgresEvidence): IdleGroup[] {
  const groups = new Map<string, IdleGroup>();
  const groupOf = (datname: string, queryid: string): IdleGroup => {
    const key = `${datname}\u0000${queryid}`;
    let group = groups.get(key);
    if (!group) {
      group = { datname, queryid, waitingSessions: 0, idleSessions: 0 };
      groups.set(key, group);
    }
    return group;
  };
  for (const idle of evidence.idleInTransaction ?? []) {
    // '' is a session whose statement PostgreSQL gave no queryid: nothing to name or to fix.
    if (idle.queryid === '') continue;
    const group = groupOf(idle.datname, idle.queryid);
    group.idleSessions += idle.meanSessions;
    if (idle.longestIdleSeconds !== undefined) group.longestIdleSeconds = idle.longestIdleSeconds;
  }
  for (const holder of evidence.lockHolders ?? []) {
    if (holder.holdingQueryid === '' || holder.meanWaitingOnIdleSessions <= 0) continue;
    const group = groupOf(holder.datname, holder.holdingQueryid);
    group.waitingSessions += holder.meanWaitingOnIdleSessions;
    if (holder.longestWaitSeconds !== undefined)
      group.longestWaitSeconds = Math.max(group.longestWaitSeconds ?? 0, holder.longestWaitSeconds);
  }
  return [...groups.values()].sort(
    (a, b) => b.waitingSessions - a.waitingSessions || b.idleSessions - a.idleSessions,
  );
}

function groupEvidence(
  evidence: PostgresEvidence,
  group: IdleGroup,
  thresholds: ResolvedThresholds,
): Evidence[] {
  const q = evidence.queries;
  return [
    {
      label: `sessions waiting for locks held by sessions idle in transaction after statement ${group.queryid}`,
      query: q.lockWaitersOnIdleHolder,
      value: group.waitingSessions,
      unit: 'count',
      threshold: thresholds.values.postgres.idleInTransactionWaitingSessions,
      thresholdSource: thresholdSource(thresholds, 'postgres.idleInTransactionWaitingSessions'),
    },
    {
      label: `sessions idle in transaction after statement ${group.queryid}`,
      query: q.idleInTransactionSessions,
      value: group.idleSessions,
      unit: 'count',
    },
    ...(group.longestIdleSeconds !== undefined
      ? [
          {
            label: 'longest idle in transaction',
            query: q.idleInTransactionSeconds,
            value: group.longestIdleSeconds,
            unit: 'seconds' as const,
            threshold: thresholds.values.postgres.idleInTransactionSeconds,
            thresholdSource: thresholdSource(thresholds, 'postgres.idleInTransactionSeconds'),
          },
        ]
      : []),
    ...(group.longestWaitSeconds !== undefined
      ? [
          {
            label: 'longest wait for its locks',
            query: q.lockWaitSeconds,
            value: group.longestWaitSeconds,
            unit: 'seconds' as const,
          },
        ]
      : []),
  ];
}

/** `POST /bookings`: the routes whose statements are this pg_stat_statements entry, busiest first. */
function routesRunning(relations: RelationsEvidence | undefined, datname: string, queryid: string): string[] {
  const calls = new Map<string, number>();
  for (const use of relations?.statements ?? []) {
    if (!use.pgStatements.some((s) => s.datname === datname && s.queryid === queryid)) continue;
    const name = `${use.method} ${use.route}`;
    calls.set(name, (calls.get(name) ?? 0) + use.callsPerSecond);
  }
  return [...calls.entries()]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, MAX_ROUTES)
    .map(([name]) => name);
}

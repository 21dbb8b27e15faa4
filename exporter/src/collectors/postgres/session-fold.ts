import type { IdleInTransactionGroup, LockWaitGroup, SessionStats } from './postgres-snapshot';

/** The label value of the group that sums every group past the top N (as in instrument/src/cardinality). */
export const OVERFLOW_LABEL_VALUE = '__overflow__';

/** Label value of a queryid PostgreSQL did not report (13, compute_query_id off, an unseen holder). */
export const UNKNOWN_QUERYID = 'unknown';

/**
 * Keeps the N groups waiting longest (the SQL already sorted them) and sums the rest into one
 * __overflow__ group, so the series count stays bounded whatever the workload and totals stay right.
 */
export function foldSessions(raw: SessionStats, limit: number): SessionStats {
  const lockWaits = raw.lockWaits.map((g): LockWaitGroup => ({
    ...g,
    waiting_queryid: g.waiting_queryid || UNKNOWN_QUERYID,
    holding_queryid: g.holding_queryid || UNKNOWN_QUERYID,
  }));
  const idle = raw.idleInTransaction.map((g): IdleInTransactionGroup => ({
    ...g,
    queryid: g.queryid || UNKNOWN_QUERYID,
  }));
  const waits = fold(lockWaits, limit, (rest) => ({
    waiting_queryid: OVERFLOW_LABEL_VALUE,
    holding_queryid: OVERFLOW_LABEL_VALUE,
    holding_state: OVERFLOW_LABEL_VALUE,
    count: sum(rest.map((g) => g.count)),
    max_wait_seconds: Math.max(...rest.map((g) => g.max_wait_seconds)),
  }));
  const idleFolded = fold(idle, limit, (rest) => ({
    queryid: OVERFLOW_LABEL_VALUE,
    count: sum(rest.map((g) => g.count)),
    max_idle_seconds: Math.max(...rest.map((g) => g.max_idle_seconds)),
  }));
  return {
    lockWaits: waits.kept,
    idleInTransaction: idleFolded.kept,
    folded: { lockWaits: waits.folded, idleInTransaction: idleFolded.folded },
  };
}

function fold<G>(groups: G[], limit: number, merge: (rest: G[]) => G): { kept: G[]; folded: number } {
  if (groups.length <= limit) return { kept: groups, folded: 0 };
  const rest = groups.slice(limit);
  return { kept: [...groups.slice(0, limit), merge(rest)], folded: rest.length };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

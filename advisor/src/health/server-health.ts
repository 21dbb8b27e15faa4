import type { ClientBase } from 'pg';
import { quoteIdent } from '@perflens/conventions';
import { recommendationId, type Recommendation } from '../report/recommendation';

/** Database-wide numbers behind the cache and connection checks. */
export interface ServerHealth {
  database: string;
  heapHit: number;
  heapRead: number;
  indexHit: number;
  indexRead: number;
  connections: number;
  maxConnections: number;
  reservedConnections: number;
  idleInTransaction: number;
  longestIdleInTransactionSeconds: number;
}

/** One query for the cache hit ratio (PgHero's, from pg_statio_user_*) and pg_stat_activity. */
export async function readServerHealth(client: ClientBase, idleSeconds: number): Promise<ServerHealth> {
  const result = await client.query<ServerHealth>(
    `SELECT current_database() AS database,
       (SELECT coalesce(sum(heap_blks_hit), 0)::float8 FROM pg_statio_user_tables) AS "heapHit",
       (SELECT coalesce(sum(heap_blks_read), 0)::float8 FROM pg_statio_user_tables) AS "heapRead",
       (SELECT coalesce(sum(idx_blks_hit), 0)::float8 FROM pg_statio_user_indexes) AS "indexHit",
       (SELECT coalesce(sum(idx_blks_read), 0)::float8 FROM pg_statio_user_indexes) AS "indexRead",
       (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') AS connections,
       current_setting('max_connections')::int AS "maxConnections",
       current_setting('superuser_reserved_connections')::int AS "reservedConnections",
       (SELECT count(*)::int FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'
          AND now() - state_change >= make_interval(secs => $1)) AS "idleInTransaction",
       (SELECT coalesce(max(extract(epoch FROM now() - state_change)), 0)::float8 FROM pg_stat_activity
          WHERE state LIKE 'idle in transaction%') AS "longestIdleInTransactionSeconds"`,
    [idleSeconds],
  );
  return result.rows[0]!;
}

export interface ServerThresholds {
  cacheHitRatioMin: number;
  cacheHitMinBlocks: number;
  connectionsMaxShare: number;
  idleInTransactionSeconds: number;
}

/**
 * PgHero's cache hit rate check (below 99% the working set does not fit in shared_buffers and the OS
 * cache, so reads go to disk) and its connection checks, against the usable slots: max_connections less
 * superuser_reserved_connections (PostgreSQL docs 20.3.1).
 */
export function serverHealthAdvice(h: ServerHealth, t: ServerThresholds): Recommendation[] {
  const found: Recommendation[] = [];
  for (const [what, hit, read] of [
    ['table', h.heapHit, h.heapRead],
    ['index', h.indexHit, h.indexRead],
  ] as const) {
    const total = hit + read;
    if (total < t.cacheHitMinBlocks || hit / total >= t.cacheHitRatioMin) continue;
    found.push({
      id: recommendationId('low-cache-hit-ratio', `${h.database}:${what}`),
      kind: 'low-cache-hit-ratio',
      severity: 'warning',
      title: `${what} cache hit ratio is ${((100 * hit) / total).toFixed(1)}% (below ${t.cacheHitRatioMin * 100}%)`,
      target: {},
      evidence: [
        { label: `${what} cache hit ratio`, value: round(hit / total), threshold: t.cacheHitRatioMin },
        { label: 'blocks read from disk or OS cache', value: read },
      ],
      expectedEffect:
        'More memory (shared_buffers, or a larger instance), or indexes that read fewer blocks, keep the working set cached.',
      verified: true,
    });
  }
  const usable = h.maxConnections - h.reservedConnections;
  if (usable > 0 && h.connections / usable >= t.connectionsMaxShare) {
    found.push({
      id: recommendationId('connections-near-limit', h.database),
      kind: 'connections-near-limit',
      severity: h.connections / usable >= 0.95 ? 'critical' : 'warning',
      title: `${h.connections} of ${usable} usable connections are open`,
      target: {},
      evidence: [
        { label: 'connection use', value: round(h.connections / usable), threshold: t.connectionsMaxShare },
        { label: 'max_connections', value: h.maxConnections },
      ],
      expectedEffect:
        'A connection pooler (PgBouncer in transaction mode) or smaller application pools keep new sessions from being refused.',
      verified: true,
    });
  }
  if (h.idleInTransaction > 0) {
    const database = quoteIdent(h.database);
    const timeout = Math.max(60, Math.round(t.idleInTransactionSeconds));
    found.push({
      id: recommendationId('idle-in-transaction', h.database),
      kind: 'idle-in-transaction',
      severity: 'warning',
      title: `${h.idleInTransaction} session(s) idle in transaction, the longest for ${Math.round(h.longestIdleInTransactionSeconds)} s`,
      target: {},
      evidence: [
        { label: 'sessions idle in transaction', value: h.idleInTransaction },
        {
          label: 'longest idle in transaction',
          value: round(h.longestIdleInTransactionSeconds),
          unit: 'seconds',
          threshold: t.idleInTransactionSeconds,
        },
      ],
      expectedEffect:
        'Sessions idle in a transaction hold locks and stop VACUUM from removing dead rows; a timeout ends them (PostgreSQL docs 20.11.1).',
      verified: true,
      applySql: `ALTER DATABASE ${database} SET idle_in_transaction_session_timeout = '${timeout}s'`,
      rollbackSql: `ALTER DATABASE ${database} RESET idle_in_transaction_session_timeout`,
    });
  }
  return found;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

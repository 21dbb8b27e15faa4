/**
 * Who blocks whom, and who keeps a transaction open, in the current database. One lock-free read of
 * pg_stat_activity per scrape; pg_blocking_pids() (which takes the lock manager's partition locks
 * briefly) runs only for sessions that are waiting for a heavyweight lock.
 *
 * Sessions are grouped by queryid, never by PID (PIDs churn with every connection). query_id is read
 * through to_jsonb() so the same SQL runs on PostgreSQL 13 (no such column: every queryid is unknown)
 * and 14+, where it is filled when compute_query_id is on or auto with pg_stat_statements loaded. A
 * session idle in transaction keeps the query_id of its last statement: that is the statement after
 * which the application stopped talking to the database while holding its locks.
 *
 * The waiting time is the age of the waiting statement (now() - query_start), an upper bound of its
 * lock wait that every supported version has. A holder with PID 0 is a prepared transaction; a holder
 * that is not a client session (autovacuum worker, ...) is named by its backend_type instead of a state.
 * The oldest transaction per state is pg_stat_activity_max_tx_duration (the `activity` query).
 * Each list is cut at ROW_LIMIT groups here; the configured top N and the __overflow__ fold happen in
 * session-metrics.ts.
 */
const ROW_LIMIT = 1000;

export const SESSIONS_SQL = `
WITH s AS (
  SELECT pid, datname, state, backend_type, wait_event_type,
    coalesce(to_jsonb(a) ->> 'query_id', '') AS query_id,
    EXTRACT(EPOCH FROM now() - state_change)::float8 AS state_age,
    EXTRACT(EPOCH FROM now() - query_start)::float8 AS query_age
  FROM pg_stat_activity a
  WHERE pid <> pg_backend_pid()
), waits AS (
  SELECT w.query_id AS waiting_queryid,
    CASE WHEN b.pid = 0 THEN '' ELSE coalesce(h.query_id, '') END AS holding_queryid,
    CASE
      WHEN b.pid = 0 THEN 'prepared transaction'
      WHEN h.backend_type <> 'client backend' THEN h.backend_type
      ELSE coalesce(h.state, 'unknown')
    END AS holding_state,
    greatest(coalesce(w.query_age, 0), 0) AS wait_seconds
  FROM s w
  CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS b(pid)
  LEFT JOIN s h ON h.pid = b.pid
  WHERE w.datname = current_database() AND w.wait_event_type = 'Lock' AND w.backend_type = 'client backend'
)
SELECT json_build_object(
  'lockWaits', (
    SELECT coalesce(json_agg(g), '[]') FROM (
      SELECT waiting_queryid, holding_queryid, holding_state, count(*) AS count,
        max(wait_seconds) AS max_wait_seconds
      FROM waits GROUP BY 1, 2, 3
      ORDER BY max(wait_seconds) DESC, count(*) DESC, 1, 2, 3 LIMIT ${ROW_LIMIT}
    ) g
  ),
  'idleInTransaction', (
    SELECT coalesce(json_agg(g), '[]') FROM (
      SELECT query_id AS queryid, count(*) AS count,
        greatest(coalesce(max(state_age), 0), 0) AS max_idle_seconds
      FROM s
      WHERE datname = current_database() AND backend_type = 'client backend' AND state IN ('idle in transaction', 'idle in transaction (aborted)')
      GROUP BY 1 ORDER BY 3 DESC, 2 DESC, 1 LIMIT ${ROW_LIMIT}
    ) g
  )
) AS value`;

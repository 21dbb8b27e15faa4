import type { PostgresSnapshot } from './postgres-snapshot';
import { SESSIONS_SQL } from './sessions-query';
import { SETTING_METRICS } from './settings-values';

/**
 * The lock modes PostgreSQL reports in pg_locks (PostgreSQL docs, "Table-Level Locks", plus SIReadLock
 * for serializable transactions). Every mode is emitted, 0 when unused, as postgres_exporter does, so an
 * alert on pg_locks_count never sees a series vanish.
 */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
  'SIReadLock',
] as const;

/** pg_stat_activity.state values (PostgreSQL docs, "pg_stat_activity"), 0-filled like postgres_exporter. */
export const ACTIVITY_STATES = [
  'active',
  'idle',
  'idle in transaction',
  'idle in transaction (aborted)',
  'fastpath function call',
  'disabled',
] as const;

/**
 * The fields of a PostgresSnapshot that one collector query fills. pg_stat_statements is read apart
 * (statements-query.ts) because its SQL depends on the server version and the extension's schema.
 */
export type QueryField = 'server' | 'database' | 'activity' | 'locks' | 'sessions' | 'tables' | 'indexes';

export interface CollectorQuery {
  /** The collector's name after `postgres/<datname>/`. */
  name: QueryField;
  sql: string;
  /** Whether the query takes `$1`, the relations limit. */
  takesRelationsLimit: boolean;
}

/** Wraps a SELECT of one row into a JSON object, so numbers arrive as numbers. */
const asJson = (select: string) => `SELECT row_to_json(r) AS value FROM (${select}) r`;
/** Wraps a SELECT of many rows into a JSON array (empty, never null). */
const asJsonArray = (select: string) => `SELECT coalesce(json_agg(r), '[]') AS value FROM (${select}) r`;

/**
 * One query per collector, each run with its own statement_timeout and lock_timeout, so a query that
 * cannot get its lock (a migration holding ACCESS EXCLUSIVE on a table) fails alone and the others,
 * and pg_up, are unaffected. Only `tables` and `indexes` take relation locks (pg_table_size and
 * pg_relation_size open the relation with AccessShareLock); they run last, so their lock waits cannot
 * eat the time budget of the lock-free queries. Database-scoped views are filtered to
 * current_database(): each configured DSN reports its own database. Views and columns exist unchanged
 * from PostgreSQL 13 to 17.
 *
 * Replication lag follows postgres_exporter (collector/pg_replication.go): 0 when the replica has
 * replayed everything it received, otherwise the age of the last replayed transaction.
 */
export const COLLECTOR_QUERIES: readonly CollectorQuery[] = [
  {
    name: 'server',
    takesRelationsLimit: false,
    sql: asJson(`
SELECT current_setting('server_version_num')::int AS server_version_num,
  pg_is_in_recovery() AS is_replica,
  CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE GREATEST(0, EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()))
  END AS replication_lag_seconds,
  (SELECT json_agg(json_build_object('name', name, 'setting', setting, 'unit', unit, 'vartype', vartype))
   FROM pg_settings WHERE name IN (${SETTING_METRICS.map((s) => `'${s.setting}'`).join(', ')})) AS settings,
  (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_stat_statements') AS statements_schema`),
  },
  {
    name: 'database',
    takesRelationsLimit: false,
    sql: asJson(`
SELECT numbackends, xact_commit, xact_rollback, blks_read, blks_hit, tup_returned, tup_fetched,
  tup_inserted, tup_updated, tup_deleted, conflicts, temp_files, temp_bytes, deadlocks,
  blk_read_time, blk_write_time, pg_database_size(datid) AS size_bytes
FROM pg_stat_database WHERE datname = current_database()`),
  },
  {
    name: 'activity',
    takesRelationsLimit: false,
    sql: `
SELECT json_build_object(
  'states', (
    SELECT coalesce(json_agg(a), '[]') FROM (
      SELECT state, count(*) AS count,
        coalesce(max(EXTRACT(EPOCH FROM now() - xact_start)), 0) AS max_tx_duration
      FROM pg_stat_activity WHERE datname = current_database() AND state IS NOT NULL
      GROUP BY state
    ) a
  ),
  'waiting', (
    SELECT coalesce(json_agg(w), '[]') FROM (
      SELECT wait_event_type, count(*) AS count
      FROM pg_stat_activity
      WHERE datname = current_database() AND state = 'active' AND wait_event_type IS NOT NULL
      GROUP BY wait_event_type
    ) w
  )
) AS value`,
  },
  {
    name: 'locks',
    takesRelationsLimit: false,
    sql: asJsonArray(`
SELECT mode, count(*) AS count FROM pg_locks
WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
GROUP BY mode`),
  },
  { name: 'sessions', takesRelationsLimit: false, sql: SESSIONS_SQL },
  {
    name: 'tables',
    takesRelationsLimit: true,
    sql: asJsonArray(`
SELECT schemaname, relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) AS idx_scan,
  coalesce(idx_tup_fetch, 0) AS idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd,
  n_live_tup, n_dead_tup, n_mod_since_analyze,
  coalesce(EXTRACT(EPOCH FROM last_vacuum), 0) AS last_vacuum,
  coalesce(EXTRACT(EPOCH FROM last_autovacuum), 0) AS last_autovacuum,
  coalesce(EXTRACT(EPOCH FROM last_analyze), 0) AS last_analyze,
  coalesce(EXTRACT(EPOCH FROM last_autoanalyze), 0) AS last_autoanalyze,
  vacuum_count, autovacuum_count, analyze_count, autoanalyze_count,
  pg_table_size(relid) AS table_size_bytes, pg_indexes_size(relid) AS index_size_bytes,
  (SELECT reltuples FROM pg_class WHERE oid = relid)::float8 AS reltuples
FROM pg_stat_user_tables
ORDER BY pg_total_relation_size(relid) DESC, relid
LIMIT $1`),
  },
  {
    name: 'indexes',
    takesRelationsLimit: true,
    sql: asJsonArray(`
SELECT schemaname, relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch,
  pg_relation_size(indexrelid) AS size_bytes
FROM pg_stat_user_indexes
ORDER BY pg_relation_size(indexrelid) DESC, indexrelid
LIMIT $1`),
  },
];

/** Compile-time check that every query fills a field of the snapshot. */
export type QueryValue<F extends QueryField> = NonNullable<PostgresSnapshot[F]>;

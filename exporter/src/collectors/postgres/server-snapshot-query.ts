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
 * Everything but pg_stat_statements in one statement and one round trip, so every gauge of a scrape
 * comes from the same moment and a scrape costs one query however many metrics there are. The views
 * and columns used exist unchanged from PostgreSQL 13 to 17. Database-scoped views are filtered to
 * current_database(): each configured DSN reports its own database. $1 caps tables and indexes.
 *
 * Replication lag follows postgres_exporter (collector/pg_replication.go): 0 when the replica has
 * replayed everything it received, otherwise the age of the last replayed transaction.
 */
export const SERVER_SNAPSHOT_SQL = `
SELECT json_build_object(
  'server_version_num', current_setting('server_version_num')::int,
  'datname', current_database(),
  'is_replica', pg_is_in_recovery(),
  'replication_lag_seconds', CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE GREATEST(0, EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()))
  END,
  'settings', (
    SELECT json_agg(json_build_object('name', name, 'setting', setting, 'unit', unit, 'vartype', vartype))
    FROM pg_settings WHERE name IN (${SETTING_METRICS.map((s) => `'${s.setting}'`).join(', ')})
  ),
  'database', (
    SELECT row_to_json(d) FROM (
      SELECT numbackends, xact_commit, xact_rollback, blks_read, blks_hit, tup_returned, tup_fetched,
        tup_inserted, tup_updated, tup_deleted, conflicts, temp_files, temp_bytes, deadlocks,
        blk_read_time, blk_write_time, pg_database_size(datid) AS size_bytes
      FROM pg_stat_database WHERE datname = current_database()
    ) d
  ),
  'tables', (
    SELECT coalesce(json_agg(t), '[]') FROM (
      SELECT schemaname, relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) AS idx_scan,
        coalesce(idx_tup_fetch, 0) AS idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd,
        n_live_tup, n_dead_tup, n_mod_since_analyze,
        coalesce(EXTRACT(EPOCH FROM last_vacuum), 0) AS last_vacuum,
        coalesce(EXTRACT(EPOCH FROM last_autovacuum), 0) AS last_autovacuum,
        coalesce(EXTRACT(EPOCH FROM last_analyze), 0) AS last_analyze,
        coalesce(EXTRACT(EPOCH FROM last_autoanalyze), 0) AS last_autoanalyze,
        vacuum_count, autovacuum_count, analyze_count, autoanalyze_count,
        pg_table_size(relid) AS table_size_bytes, pg_indexes_size(relid) AS index_size_bytes
      FROM pg_stat_user_tables
      ORDER BY pg_total_relation_size(relid) DESC, relid
      LIMIT $1
    ) t
  ),
  'indexes', (
    SELECT coalesce(json_agg(i), '[]') FROM (
      SELECT schemaname, relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch,
        pg_relation_size(indexrelid) AS size_bytes
      FROM pg_stat_user_indexes
      ORDER BY pg_relation_size(indexrelid) DESC, indexrelid
      LIMIT $1
    ) i
  ),
  'activity', (
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
  ),
  'locks', (
    SELECT coalesce(json_agg(l), '[]') FROM (
      SELECT mode, count(*) AS count FROM pg_locks
      WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
      GROUP BY mode
    ) l
  ),
  'statements_schema', (
    SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_stat_statements'
  )
) AS snapshot`;

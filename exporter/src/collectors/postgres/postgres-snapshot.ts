import type { SettingRow } from './settings-values';

/** One row of pg_stat_user_tables, plus sizes (seconds since the epoch for the last_* times, 0 = never). */
export interface TableStats {
  schemaname: string;
  relname: string;
  seq_scan: number;
  seq_tup_read: number;
  idx_scan: number;
  idx_tup_fetch: number;
  n_tup_ins: number;
  n_tup_upd: number;
  n_tup_del: number;
  n_tup_hot_upd: number;
  n_live_tup: number;
  n_dead_tup: number;
  n_mod_since_analyze: number;
  last_vacuum: number;
  last_autovacuum: number;
  last_analyze: number;
  last_autoanalyze: number;
  vacuum_count: number;
  autovacuum_count: number;
  analyze_count: number;
  autoanalyze_count: number;
  table_size_bytes: number;
  index_size_bytes: number;
}

export interface IndexStats {
  schemaname: string;
  relname: string;
  indexrelname: string;
  idx_scan: number;
  idx_tup_read: number;
  idx_tup_fetch: number;
  size_bytes: number;
}

export interface DatabaseStats {
  numbackends: number;
  xact_commit: number;
  xact_rollback: number;
  blks_read: number;
  blks_hit: number;
  tup_returned: number;
  tup_fetched: number;
  tup_inserted: number;
  tup_updated: number;
  tup_deleted: number;
  conflicts: number;
  temp_files: number;
  temp_bytes: number;
  deadlocks: number;
  blk_read_time: number;
  blk_write_time: number;
  size_bytes: number;
}

export interface StatementStats {
  queryid: string;
  calls: number;
  seconds: number;
  rows: number;
  shared_blks_hit: number;
  shared_blks_read: number;
  block_read_seconds: number;
}

/** What SERVER_SNAPSHOT_SQL returns (JSON, so numbers arrive as numbers). */
export interface ServerSnapshot {
  server_version_num: number;
  datname: string;
  is_replica: boolean;
  replication_lag_seconds: number;
  settings: SettingRow[] | null;
  database: DatabaseStats | null;
  tables: TableStats[];
  indexes: IndexStats[];
  activity: { state: string; count: number; max_tx_duration: number }[];
  waiting: { wait_event_type: string; count: number }[];
  locks: { mode: string; count: number }[];
  statements_schema: string | null;
}

/** One target's scrape: `up` false means the connection or the snapshot query failed. */
export interface PostgresSnapshot {
  /** The database name from the target's DSN, known even when the server is down. */
  datname: string;
  up: boolean;
  server: ServerSnapshot | undefined;
  /** undefined when pg_stat_statements is not usable in this database. */
  statements: StatementStats[] | undefined;
}

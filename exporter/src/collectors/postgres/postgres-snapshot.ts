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
  /** pg_class.reltuples: the planner's row count, which pg_stat_reset() leaves alone; -1 before the first VACUUM or ANALYZE. */
  reltuples: number;
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

/** What the `server` query returns: version, role in replication, settings, the statements schema. */
export interface ServerInfo {
  server_version_num: number;
  is_replica: boolean;
  replication_lag_seconds: number;
  settings: SettingRow[] | null;
  statements_schema: string | null;
}

/** What the `activity` query returns: sessions by state, and active sessions waiting by wait type. */
export interface ActivityStats {
  states: { state: string; count: number; max_tx_duration: number }[];
  waiting: { wait_event_type: string; count: number }[];
}

/** Sessions waiting for a lock, grouped by the waiting and the holding statement (sessions-query.ts). */
export interface LockWaitGroup {
  /** '' when unknown: PostgreSQL 13, compute_query_id off, or a holder in no visible session. */
  waiting_queryid: string;
  holding_queryid: string;
  /** The holder's pg_stat_activity.state, its backend_type when not a client, 'prepared transaction' or 'unknown'. */
  holding_state: string;
  count: number;
  max_wait_seconds: number;
}

/** Sessions idle in transaction, grouped by their last statement. */
export interface IdleInTransactionGroup {
  queryid: string;
  count: number;
  max_idle_seconds: number;
}

/** What the `sessions` query returns, cut to the top N by session-fold.ts. */
export interface SessionStats {
  lockWaits: LockWaitGroup[];
  idleInTransaction: IdleInTransactionGroup[];
  /** Groups folded into the __overflow__ group this scrape, per list; 0 when all fit. */
  folded?: { lockWaits: number; idleInTransaction: number };
}

/** A statement's normalized text, safe to export (statement-text.ts). */
export interface StatementText {
  queryid: string;
  query: string;
}

/** One collector query's result on this scrape (reported as collector `postgres/<datname>/<name>`). */
export interface QueryOutcome {
  collector: string;
  ok: boolean;
  durationSeconds: number;
}

/**
 * One database's scrape. `up` says whether a connection answered `SELECT 1`; each other field is
 * undefined when its own query failed or timed out (or when the database is down), so a locked
 * table costs only the metrics of the query that needs that lock.
 */
export interface PostgresSnapshot {
  /** The database name from the target's DSN, known even when the server is down. */
  datname: string;
  up: boolean;
  server: ServerInfo | undefined;
  database: DatabaseStats | undefined;
  activity: ActivityStats | undefined;
  locks: { mode: string; count: number }[] | undefined;
  sessions: SessionStats | undefined;
  tables: TableStats[] | undefined;
  indexes: IndexStats[] | undefined;
  /** undefined when pg_stat_statements is not usable in this database, or its query failed. */
  statements: StatementStats[] | undefined;
  /** Whether pg_stat_statements could be read; undefined when that is unknown this scrape. */
  statementsAvailable: boolean | undefined;
  /** undefined when statement texts are off, pg_stat_statements is not usable, or the query failed. */
  statementTexts: StatementText[] | undefined;
  /** One entry per collector query; empty when the database is down (nothing ran). */
  queries: QueryOutcome[];
}

/** The snapshot of a database that did not answer: nothing but its name. */
export function downSnapshot(datname: string): PostgresSnapshot {
  return {
    datname,
    up: false,
    server: undefined,
    database: undefined,
    activity: undefined,
    locks: undefined,
    sessions: undefined,
    tables: undefined,
    indexes: undefined,
    statements: undefined,
    statementsAvailable: undefined,
    statementTexts: undefined,
    queries: [],
  };
}

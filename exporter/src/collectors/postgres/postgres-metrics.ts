import { toMetricDefinitions, type ScrapeMetric } from '../scrape-metric';
import type {
  DatabaseStats,
  IndexStats,
  PostgresSnapshot,
  StatementStats,
  TableStats,
} from './postgres-snapshot';
import { ACTIVITY_STATES, LOCK_MODES } from './collector-queries';
import { sessionMetrics } from './session-metrics';
import { SETTING_METRICS, settingValue } from './settings-values';

export const POSTGRES_PRODUCER = 'exporter/postgres';

export const PG_UP = 'pg_up';
export const PG_STATEMENTS_AVAILABLE = 'perflens_pg_stat_statements_available';
/** pg_class.reltuples per table: a row count that survives pg_stat_reset(), unlike n_live_tup. */
export const PG_TABLE_RELTUPLES = 'perflens_pg_table_reltuples';

type Metric = ScrapeMetric<PostgresSnapshot>;

/**
 * postgres_exporter types these cumulative columns as counters without a `_total` suffix. They are
 * exported here under the same names but typed as gauges: an OpenMetrics counter must end in _total
 * and promtool rejects counters that do not, while rate() works on either type.
 */
function databaseMetric(column: keyof DatabaseStats, name: string, help: string): Metric {
  return {
    name,
    type: 'gauge',
    help,
    labels: ['datname'],
    samples(s, emit) {
      const d = s.database;
      if (d) emit({ datname: s.datname }, d[column]);
    },
  };
}

function tableMetric(
  column: keyof Omit<TableStats, 'schemaname' | 'relname'>,
  help: string,
  name = `pg_stat_user_tables_${column}`,
): Metric {
  return {
    name,
    type: 'gauge',
    help,
    labels: ['datname', 'schemaname', 'relname'],
    samples(s, emit) {
      for (const t of s.tables ?? []) {
        emit({ datname: s.datname, schemaname: t.schemaname, relname: t.relname }, t[column]);
      }
    },
  };
}

function indexMetric(
  column: keyof Omit<IndexStats, 'schemaname' | 'relname' | 'indexrelname'>,
  name: string,
  type: 'gauge' | 'counter',
  help: string,
): Metric {
  return {
    name,
    type,
    help,
    labels: ['datname', 'schemaname', 'relname', 'indexrelname'],
    samples(s, emit) {
      for (const i of s.indexes ?? []) {
        emit(
          { datname: s.datname, schemaname: i.schemaname, relname: i.relname, indexrelname: i.indexrelname },
          i[column],
        );
      }
    },
  };
}

function statementMetric(
  name: string,
  type: 'gauge' | 'counter',
  help: string,
  value: (st: StatementStats) => number,
): Metric {
  return {
    name,
    type,
    help,
    labels: ['datname', 'queryid'],
    samples(s, emit) {
      for (const st of s.statements ?? []) emit({ datname: s.datname, queryid: st.queryid }, value(st));
    },
  };
}

const TABLE_COLUMNS: [keyof Omit<TableStats, 'schemaname' | 'relname'>, string][] = [
  ['seq_scan', 'Number of sequential scans initiated on this table.'],
  ['seq_tup_read', 'Number of live rows fetched by sequential scans.'],
  ['idx_scan', 'Number of index scans initiated on this table.'],
  ['idx_tup_fetch', 'Number of live rows fetched by index scans.'],
  ['n_tup_ins', 'Number of rows inserted.'],
  ['n_tup_upd', 'Number of rows updated.'],
  ['n_tup_del', 'Number of rows deleted.'],
  ['n_tup_hot_upd', 'Number of rows HOT updated (no separate index update required).'],
  ['n_live_tup', 'Estimated number of live rows.'],
  ['n_dead_tup', 'Estimated number of dead rows.'],
  ['n_mod_since_analyze', 'Estimated number of rows changed since last analyze.'],
  ['last_vacuum', 'Last time this table was manually vacuumed, in unixtime (0 = never).'],
  ['last_autovacuum', 'Last time this table was vacuumed by autovacuum, in unixtime (0 = never).'],
  ['last_analyze', 'Last time this table was manually analyzed, in unixtime (0 = never).'],
  ['last_autoanalyze', 'Last time this table was analyzed by autovacuum, in unixtime (0 = never).'],
  ['vacuum_count', 'Number of times this table has been manually vacuumed.'],
  ['autovacuum_count', 'Number of times this table has been vacuumed by autovacuum.'],
  ['analyze_count', 'Number of times this table has been manually analyzed.'],
  ['autoanalyze_count', 'Number of times this table has been analyzed by autovacuum.'],
  ['table_size_bytes', 'Disk space used by this table (pg_table_size), in bytes.'],
  ['index_size_bytes', 'Disk space used by the indexes of this table (pg_indexes_size), in bytes.'],
];

const DATABASE_COLUMNS: [keyof DatabaseStats, string][] = [
  ['numbackends', 'Number of backends currently connected to this database.'],
  ['xact_commit', 'Number of transactions in this database that have been committed.'],
  ['xact_rollback', 'Number of transactions in this database that have been rolled back.'],
  ['blks_read', 'Number of disk blocks read in this database.'],
  ['blks_hit', 'Number of times disk blocks were found already in the buffer cache.'],
  ['tup_returned', 'Number of rows returned by queries in this database.'],
  ['tup_fetched', 'Number of rows fetched by queries in this database.'],
  ['tup_inserted', 'Number of rows inserted by queries in this database.'],
  ['tup_updated', 'Number of rows updated by queries in this database.'],
  ['tup_deleted', 'Number of rows deleted by queries in this database.'],
  ['conflicts', 'Number of queries canceled due to conflicts with recovery in this database.'],
  ['temp_files', 'Number of temporary files created by queries in this database.'],
  ['temp_bytes', 'Total amount of data written to temporary files by queries in this database.'],
  ['deadlocks', 'Number of deadlocks detected in this database.'],
  ['blk_read_time', 'Time spent reading data file blocks by backends in this database, in milliseconds.'],
  ['blk_write_time', 'Time spent writing data file blocks by backends in this database, in milliseconds.'],
];

/** The PostgreSQL collector's metrics; docs/exporter.md lists which match postgres_exporter. */
export const postgresMetrics: readonly Metric[] = [
  {
    name: PG_UP,
    type: 'gauge',
    help: 'Whether a connection to this database answers SELECT 1 (1) or not (0); a failing collector query does not change it.',
    labels: ['datname'],
    samples: (s, emit) => emit({ datname: s.datname }, s.up ? 1 : 0),
  },
  ...DATABASE_COLUMNS.map(([column, help]) => databaseMetric(column, `pg_stat_database_${column}`, help)),
  databaseMetric('size_bytes', 'pg_database_size_bytes', 'Disk space used by the database, in bytes.'),
  ...TABLE_COLUMNS.map(([column, help]) => tableMetric(column, help)),
  tableMetric(
    'reltuples',
    'Rows in this table as the planner estimates them (pg_class.reltuples), updated by VACUUM, ANALYZE and CREATE INDEX and left alone by pg_stat_reset(); -1 before the first of them.',
    PG_TABLE_RELTUPLES,
  ),
  indexMetric(
    'idx_scan',
    'pg_stat_user_indexes_idx_scans_total',
    'counter',
    'Number of index scans initiated on this index.',
  ),
  indexMetric(
    'idx_tup_read',
    'pg_stat_user_indexes_idx_tup_reads_total',
    'counter',
    'Number of index entries returned by scans on this index.',
  ),
  indexMetric(
    'idx_tup_fetch',
    'pg_stat_user_indexes_idx_tup_fetches_total',
    'counter',
    'Number of live table rows fetched by simple index scans using this index.',
  ),
  indexMetric(
    'size_bytes',
    'pg_stat_user_indexes_size_bytes',
    'gauge',
    'Disk space used by this index (pg_relation_size), in bytes.',
  ),
  {
    name: 'pg_stat_activity_count',
    type: 'gauge',
    help: 'Number of connections in this state.',
    labels: ['datname', 'state'],
    samples(s, emit) {
      const activity = s.activity;
      if (!activity) return;
      for (const state of ACTIVITY_STATES) {
        emit({ datname: s.datname, state }, activity.states.find((a) => a.state === state)?.count ?? 0);
      }
    },
  },
  {
    name: 'pg_stat_activity_max_tx_duration',
    type: 'gauge',
    help: 'Age of the oldest open transaction among connections in this state, in seconds.',
    labels: ['datname', 'state'],
    samples(s, emit) {
      const activity = s.activity;
      if (!activity) return;
      for (const state of ACTIVITY_STATES) {
        emit(
          { datname: s.datname, state },
          activity.states.find((a) => a.state === state)?.max_tx_duration ?? 0,
        );
      }
    },
  },
  {
    name: 'perflens_pg_stat_activity_waiting_sessions',
    type: 'gauge',
    help: 'Active sessions waiting, by wait event type (Lock, LWLock, IO, ...).',
    labels: ['datname', 'wait_event_type'],
    samples(s, emit) {
      const waiting = s.activity?.waiting;
      if (!waiting) return;
      for (const w of waiting) emit({ datname: s.datname, wait_event_type: w.wait_event_type }, w.count);
      // Lock waits read 0 when nobody waits, so an average over a range counts the quiet scrapes too: a
      // series present only while sessions wait averages to "2 waiting" from one scrape's brief overlap.
      if (!waiting.some((w) => w.wait_event_type === 'Lock'))
        emit({ datname: s.datname, wait_event_type: 'Lock' }, 0);
    },
  },
  {
    name: 'pg_locks_count',
    type: 'gauge',
    help: 'Number of locks held or awaited in this database, by mode.',
    labels: ['datname', 'mode'],
    samples(s, emit) {
      const locks = s.locks;
      if (!locks) return;
      for (const mode of LOCK_MODES)
        emit({ datname: s.datname, mode }, locks.find((l) => l.mode === mode)?.count ?? 0);
    },
  },
  ...SETTING_METRICS.map(({ setting, metric }): Metric => ({
    name: metric,
    type: 'gauge',
    help: `Server setting ${setting}${metric.endsWith('_bytes') ? ', in bytes' : ''}.`,
    labels: [],
    samples(s, emit) {
      const row = s.server?.settings?.find((r) => r.name === setting);
      const value = row && settingValue(row);
      if (value !== undefined) emit({}, value);
    },
  })),
  {
    name: 'pg_replication_is_replica',
    type: 'gauge',
    help: 'Whether the server is a standby in recovery (1) or a primary (0).',
    labels: [],
    samples(s, emit) {
      if (s.server) emit({}, s.server.is_replica ? 1 : 0);
    },
  },
  {
    name: 'pg_replication_lag_seconds',
    type: 'gauge',
    help: 'Replication lag behind the primary, in seconds (0 on a primary or a caught-up replica).',
    labels: [],
    samples(s, emit) {
      if (s.server) emit({}, s.server.replication_lag_seconds);
    },
  },
  {
    name: PG_STATEMENTS_AVAILABLE,
    type: 'gauge',
    help: 'Whether pg_stat_statements can be read in this database (1) or not (0: not installed or not preloaded).',
    labels: ['datname'],
    samples(s, emit) {
      if (s.statementsAvailable !== undefined) emit({ datname: s.datname }, s.statementsAvailable ? 1 : 0);
    },
  },
  statementMetric(
    'pg_stat_statements_calls_total',
    'counter',
    'Number of times the statement was executed.',
    (st) => st.calls,
  ),
  statementMetric(
    'pg_stat_statements_seconds_total',
    'counter',
    'Total time spent executing the statement, in seconds.',
    (st) => st.seconds,
  ),
  statementMetric(
    'pg_stat_statements_rows_total',
    'counter',
    'Total number of rows retrieved or affected by the statement.',
    (st) => st.rows,
  ),
  statementMetric(
    'pg_stat_statements_mean_seconds',
    'gauge',
    'Mean execution time of the statement since statistics were reset, in seconds.',
    (st) => (st.calls > 0 ? st.seconds / st.calls : 0),
  ),
  statementMetric(
    'pg_stat_statements_shared_blks_hit_total',
    'counter',
    'Shared buffer hits by the statement.',
    (st) => st.shared_blks_hit,
  ),
  statementMetric(
    'pg_stat_statements_shared_blks_read_total',
    'counter',
    'Shared blocks read from disk or OS cache by the statement.',
    (st) => st.shared_blks_read,
  ),
  statementMetric(
    'pg_stat_statements_block_read_seconds_total',
    'counter',
    'Time the statement spent reading blocks, in seconds (needs track_io_timing).',
    (st) => st.block_read_seconds,
  ),
  ...sessionMetrics,
];

export const postgresMetricDefinitions = toMetricDefinitions(postgresMetrics, POSTGRES_PRODUCER);

import { type AnalysisScope, scopedToDatabases, scopeRange } from './analysis-scope';
import {
  type PostgresSessionEvidence,
  type PostgresSessionQueryName,
  postgresSessionQueries,
  readPostgresSessions,
  SESSION_QUERY_NAMES,
} from './postgres-evidence-sessions';
import type { PromSeries, PrometheusClient } from './prometheus-client';
import { indexBy, labelKey, optional, type QueryResults } from './query-batch';
import { runWindowedQuerySet, type WindowedEvidence } from './recent-window';

/** One pg_stat_statements entry over the analysed range. */
export interface StatementStats {
  datname: string;
  queryid: string;
  secondsPerSecond: number;
  callsPerSecond: number;
  rowsPerSecond?: number;
  /** Shared blocks (hit + read) per second; per call, it says how much of a table a call reads. */
  blocksPerSecond?: number;
  /** Normalized text (perflens_pg_statement_info: constants are $n), when the exporter exports it. */
  query?: string;
}

/** One user table (pg_stat_user_tables). */
export interface TableStats {
  datname: string;
  schemaname: string;
  relname: string;
  seqScansPerSecond: number;
  seqRowsReadPerSecond?: number;
  indexScansPerSecond?: number;
  /** Rows fetched through the table's indexes per second (idx_tup_fetch). */
  indexRowsFetchedPerSecond?: number;
  /** n_live_tup: pg_stat_reset() sets it to 0 until autovacuum or ANALYZE counts again. */
  liveRows?: number;
  /** pg_class.reltuples (perflens_pg_table_reltuples), which survives pg_stat_reset(); -1 before the first count. */
  estimatedRows?: number;
  sizeBytes?: number;
}

/** Server-wide numbers of one database. */
export interface DatabaseStats {
  datname: string;
  statementSecondsPerSecond?: number;
  blocksHitPerSecond?: number;
  blocksReadPerSecond?: number;
  meanLockWaitingSessions?: number;
  deadlocks?: number;
  longestTransactionSeconds?: number;
  longestTransactionState?: string;
  /** Highest connection count seen in the range (sampled each minute). */
  peakConnections?: number;
}

export type PostgresQueryName =
  | 'statementSeconds'
  | 'statementCalls'
  | 'statementRows'
  | 'statementBlocks'
  | 'databaseSeconds'
  | 'seqScans'
  | 'seqRowsRead'
  | 'indexScans'
  | 'indexRowsFetched'
  | 'liveRows'
  | 'estimatedRows'
  | 'tableSize'
  | 'blocksHit'
  | 'blocksRead'
  | 'lockWaiting'
  | 'deadlocks'
  | 'longestTransaction'
  | 'connections'
  | 'maxConnections'
  | PostgresSessionQueryName;

export interface PostgresEvidence extends Partial<PostgresSessionEvidence> {
  statements: StatementStats[];
  tables: TableStats[];
  databases: DatabaseStats[];
  /** Server max_connections (one server per analysis). */
  maxConnectionsSetting?: number;
  queries: Readonly<Record<PostgresQueryName, string>>;
}

/** Statements and tables kept per analysis: the exporter already keeps only its top-N statements. */
export const POSTGRES_TOP_N = 20;

const STATEMENT = ['datname', 'queryid'];
const TABLE = ['datname', 'schemaname', 'relname'];
const DATABASE = ['datname'];

export function postgresQueries(scope: AnalysisScope): Record<PostgresQueryName, string> {
  const r = scopeRange(scope);
  const byStatement = 'by (datname, queryid)';
  const byTable = 'by (datname, schemaname, relname)';
  return {
    statementSeconds: `topk(${POSTGRES_TOP_N}, sum ${byStatement} (rate(pg_stat_statements_seconds_total[${r}])))`,
    statementCalls: `sum ${byStatement} (rate(pg_stat_statements_calls_total[${r}]))`,
    statementRows: `sum ${byStatement} (rate(pg_stat_statements_rows_total[${r}]))`,
    statementBlocks: `sum ${byStatement} (rate(pg_stat_statements_shared_blks_hit_total[${r}])) + sum ${byStatement} (rate(pg_stat_statements_shared_blks_read_total[${r}]))`,
    databaseSeconds: `sum by (datname) (rate(pg_stat_statements_seconds_total[${r}]))`,
    seqScans: `topk(${POSTGRES_TOP_N}, sum ${byTable} (rate(pg_stat_user_tables_seq_scan[${r}])) > 0)`,
    seqRowsRead: `sum ${byTable} (rate(pg_stat_user_tables_seq_tup_read[${r}]))`,
    indexScans: `sum ${byTable} (rate(pg_stat_user_tables_idx_scan[${r}]))`,
    indexRowsFetched: `sum ${byTable} (rate(pg_stat_user_tables_idx_tup_fetch[${r}]))`,
    liveRows: `max ${byTable} (pg_stat_user_tables_n_live_tup)`,
    estimatedRows: `max ${byTable} (perflens_pg_table_reltuples)`,
    tableSize: `max ${byTable} (pg_stat_user_tables_table_size_bytes)`,
    blocksHit: `sum by (datname) (rate(pg_stat_database_blks_hit[${r}]))`,
    blocksRead: `sum by (datname) (rate(pg_stat_database_blks_read[${r}]))`,
    lockWaiting: `sum by (datname) (avg_over_time(perflens_pg_stat_activity_waiting_sessions{wait_event_type="Lock"}[${r}]))`,
    deadlocks: `sum by (datname) (increase(pg_stat_database_deadlocks[${r}]))`,
    longestTransaction: `max by (datname, state) (max_over_time(pg_stat_activity_max_tx_duration{state!="idle"}[${r}]))`,
    connections: `max_over_time(sum by (datname) (pg_stat_activity_count)[${r}:1m])`,
    maxConnections: 'max(pg_settings_max_connections)',
    ...postgresSessionQueries(r),
  };
}

/**
 * Reads the PostgreSQL evidence over the range and, given `recent`, over its most recent part (same queries).
 * Statement texts, idle-in-transaction sessions and lock holders are read over the whole range only, in one
 * query (postgres-evidence-sessions.ts), and shared by both windows' evidence.
 */
export async function readPostgresEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
  recent?: AnalysisScope,
): Promise<WindowedEvidence<PostgresEvidence>> {
  // Only the scope's databases (the job's own, see analysis-scope.ts): another service's must not appear.
  const full = scopedToDatabases(scope, postgresQueries(scope));
  const [results, sessions] = await Promise.all([
    runWindowedQuerySet(
      client,
      withoutSessionQueries(full),
      recent ? withoutSessionQueries(scopedToDatabases(recent, postgresQueries(recent))) : undefined,
      scope.endSeconds,
    ),
    readPostgresSessions(client, full, scope.endSeconds),
  ]);
  // Evidence queries of the session measures are the whole range's in both windows: that is what was read.
  const sessionQueries = Object.fromEntries(SESSION_QUERY_NAMES.map((name) => [name, full[name]]));
  const evidenceOf = (r: QueryResults<MainQueryName>): PostgresEvidence =>
    postgresEvidenceFrom(
      r.vectors,
      { ...r.queries, ...sessionQueries } as PostgresEvidence['queries'],
      sessions,
    );
  return {
    full: evidenceOf(results.full),
    ...(results.recent ? { recent: evidenceOf(results.recent) } : {}),
  };
}

type MainQueryName = Exclude<PostgresQueryName, PostgresSessionQueryName>;

function withoutSessionQueries(queries: Record<PostgresQueryName, string>): Record<MainQueryName, string> {
  const main: Partial<Record<PostgresQueryName, string>> = { ...queries };
  for (const name of SESSION_QUERY_NAMES) delete main[name];
  return main as Record<MainQueryName, string>;
}

function postgresEvidenceFrom(
  v: Record<MainQueryName, PromSeries[]>,
  queries: PostgresEvidence['queries'],
  sessions: PostgresSessionEvidence,
): PostgresEvidence {
  const calls = indexBy(v.statementCalls, STATEMENT);
  const rows = indexBy(v.statementRows, STATEMENT);
  const blocks = indexBy(v.statementBlocks, STATEMENT);
  const texts = new Map(
    sessions.statementTexts.map((t) => [
      labelKey({ datname: t.datname, queryid: t.queryid }, STATEMENT),
      t.query,
    ]),
  );
  const statements: StatementStats[] = v.statementSeconds
    .filter((s) => Number.isFinite(s.value))
    .map((s) => {
      const key = labelKey(s.labels, STATEMENT);
      return {
        datname: s.labels.datname ?? '',
        queryid: s.labels.queryid ?? '',
        secondsPerSecond: s.value,
        callsPerSecond: calls.get(key) ?? 0,
        ...optional('rowsPerSecond', rows.get(key)),
        ...optional('blocksPerSecond', blocks.get(key)),
        ...(texts.has(key) ? { query: texts.get(key) } : {}),
      };
    })
    .sort((a, b) => b.secondsPerSecond - a.secondsPerSecond || a.queryid.localeCompare(b.queryid));

  const seqRows = indexBy(v.seqRowsRead, TABLE);
  const indexScans = indexBy(v.indexScans, TABLE);
  const indexRows = indexBy(v.indexRowsFetched, TABLE);
  const liveRows = indexBy(v.liveRows, TABLE);
  const estimatedRows = indexBy(v.estimatedRows, TABLE);
  const size = indexBy(v.tableSize, TABLE);
  const tables: TableStats[] = v.seqScans
    .filter((s) => Number.isFinite(s.value))
    .map((s) => {
      const key = labelKey(s.labels, TABLE);
      return {
        datname: s.labels.datname ?? '',
        schemaname: s.labels.schemaname ?? '',
        relname: s.labels.relname ?? '',
        seqScansPerSecond: s.value,
        ...optional('seqRowsReadPerSecond', seqRows.get(key)),
        ...optional('indexScansPerSecond', indexScans.get(key)),
        ...optional('indexRowsFetchedPerSecond', indexRows.get(key)),
        ...optional('liveRows', liveRows.get(key)),
        ...optional('estimatedRows', estimatedRows.get(key)),
        ...optional('sizeBytes', size.get(key)),
      };
    })
    .sort(
      (a, b) =>
        (b.seqRowsReadPerSecond ?? 0) - (a.seqRowsReadPerSecond ?? 0) || a.relname.localeCompare(b.relname),
    );

  return {
    statements,
    tables,
    databases: databaseStats(v),
    ...sessions,
    ...optional('maxConnectionsSetting', v.maxConnections[0]?.value),
    queries,
  };
}

function databaseStats(v: Record<MainQueryName, PromSeries[]>): DatabaseStats[] {
  const seconds = indexBy(v.databaseSeconds, DATABASE);
  const hit = indexBy(v.blocksHit, DATABASE);
  const read = indexBy(v.blocksRead, DATABASE);
  const waiting = indexBy(v.lockWaiting, DATABASE);
  const deadlocks = indexBy(v.deadlocks, DATABASE);
  const connections = indexBy(v.connections, DATABASE);
  const longest = new Map<string, { seconds: number; state: string }>();
  for (const s of v.longestTransaction) {
    const key = labelKey(s.labels, DATABASE);
    if (Number.isFinite(s.value) && s.value > (longest.get(key)?.seconds ?? -1)) {
      longest.set(key, { seconds: s.value, state: s.labels.state ?? '' });
    }
  }
  const names = new Set<string>();
  for (const vector of [v.databaseSeconds, v.blocksHit, v.lockWaiting, v.longestTransaction, v.connections]) {
    for (const s of vector) if (s.labels.datname !== undefined) names.add(s.labels.datname);
  }
  return [...names].sort().map((datname) => ({
    datname,
    ...optional('statementSecondsPerSecond', seconds.get(datname)),
    ...optional('blocksHitPerSecond', hit.get(datname)),
    ...optional('blocksReadPerSecond', read.get(datname)),
    ...optional('meanLockWaitingSessions', waiting.get(datname)),
    ...optional('deadlocks', deadlocks.get(datname)),
    ...optional('longestTransactionSeconds', longest.get(datname)?.seconds),
    ...(longest.has(datname) ? { longestTransactionState: longest.get(datname)?.state } : {}),
    ...optional('peakConnections', connections.get(datname)),
  }));
}

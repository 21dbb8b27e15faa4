/** How much work a recommendation is. */
export type Effort = 'low' | 'medium' | 'high';

/**
 * What a check recommends, as data. Checks emit it; recommend/index-advice.ts fills the columns of a
 * create-index from perflens advisor's advice; recommend/render-recommendation.ts writes each one, once, into
 * the text, SQL and configuration of a Recommendation. A recommendation has a kind of its own when it carries
 * something a later stage or a tool acts on (a table and its columns, a statement, a pool size, a route);
 * advice that is only words for a person is `guidance`, in the check's own words beside its metadata.
 */
export type RecommendationSpec =
  | CreateIndex
  | ExplainStatement
  | FindLockBlockers
  | EndLongTransactions
  | ResizePool
  | CacheRoute
  | BatchQueries
  | CommitBeforeSlowWork
  | Guidance;

export type RecommendationKind = RecommendationSpec['kind'];

/** Index a table that statements read whole (postgres.sequential-scans). */
export interface CreateIndex {
  kind: 'create-index';
  schema: string;
  table: string;
  tableSizeBytes?: number;
  /** The statements that read the table whole on each call: their WHERE clause names the column. */
  readBy?: readonly string[];
  /** The columns to index. Absent until advice names them: the SQL then has a `<column>` placeholder. */
  columns?: readonly string[];
  /**
   * Set when the columns come from a reading statement's WHERE clause (no advice): equalities on one table,
   * a likely index that perflens advisor should still prove.
   */
  columnsFrom?: { queryid: string; predicate: string };
  /** The advisor's name for the index; otherwise @perflens/conventions' indexName(). */
  indexName?: string;
  /** Set when perflens advisor chose the columns: for which statements, and whether hypopg proved it. */
  advisedFor?: { queryids: readonly string[]; verified: boolean };
}

/** Read a statement's text and plan (postgres.top-time-statements, postgres.slow-statements). */
export interface ExplainStatement {
  kind: 'explain-statement';
  datname: string;
  queryid: string;
  /** Why it is worth reading: it takes the most time in total, or each of its calls is slow. */
  because: 'most-total-time' | 'slow-calls';
  /** Its share of the database's statement time. */
  timeShare: number;
  /** Its normalized text (constants are $n), when the exporter exports it. */
  query?: string;
}

/** Find the sessions holding the locks others wait for (postgres.lock-waits). */
export interface FindLockBlockers {
  kind: 'find-lock-blockers';
  datname: string;
  /** The statements the lock holders ran last, most waited-on first (perflens_pg_lock_waiters). */
  holders?: readonly LockHolder[];
}

/** A statement whose session held locks others waited for, and that session's state. */
export interface LockHolder {
  queryid: string;
  query?: string;
  state: string;
  meanWaitingSessions: number;
}

/**
 * Commit before slow work: a transaction stays open, idle, after `queryid` while the application does
 * something else, and others wait for its locks (postgres.idle-in-transaction).
 */
export interface CommitBeforeSlowWork {
  kind: 'commit-before-slow-work';
  datname: string;
  queryid: string;
  query?: string;
  /** Routes that run the statement (method and template), busiest first, when the instrumentation says. */
  routes: readonly string[];
  longestIdleSeconds?: number;
}

/** End or split transactions open longer than a limit (postgres.long-transactions). */
export interface EndLongTransactions {
  kind: 'end-long-transactions';
  datname: string;
  olderThanSeconds: number;
  /** The longest one sits idle inside its transaction rather than running a statement. */
  idleInTransaction: boolean;
}

/** Shorten what holds pool connections, then size the pool (db-client.pool-saturation). */
export interface ResizePool {
  kind: 'resize-pool';
  pool: string;
  maxConnections?: number;
  meanWaitSeconds: number;
}

/** Cache a hot read-only route (api.cacheable-hot-route). */
export interface CacheRoute {
  kind: 'cache-route';
  method: string;
  route: string;
  requestsPerSecond: number;
  queriesPerRequest: number;
  dbSecondsPerRequest: number;
}

/** Load a route's per-item rows with one set-based query (api.n-plus-one-queries). */
export interface BatchQueries {
  kind: 'batch-queries';
  method: string;
  route: string;
  queriesPerRequest: number;
  secondsPerQuery?: number;
  /** The route's most repeated statement, from perflens_route_statement_calls_total, when known. */
  repeated?: { fingerprint: string; query?: string; callsPerRequest: number };
}

/** Advice for a person, with nothing for a later stage or a tool to act on. */
export interface Guidance {
  kind: 'guidance';
  action: string;
  expectedEffect: string;
  effort: Effort;
  /** A configuration snippet to start from (a flag, a setting). */
  config?: string;
}

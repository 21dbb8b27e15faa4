import type { PromSeries, PrometheusClient } from './prometheus-client';

/**
 * Statement texts, sessions idle in transaction and lock holders, from the exporter's session metrics
 * (exporter/src/collectors/postgres/session-metrics.ts), and the tables statements' plans scan, from its
 * advisor (advisor/src/api/advisor-metrics.ts). Every group is keyed by queryid, so it joins the
 * pg_stat_statements_* series and the statement's normalized text.
 */

/** Normalized text of one statement (perflens_pg_statement_info: constants are $n, at most 200 characters). */
export interface StatementText {
  datname: string;
  queryid: string;
  query: string;
}

/** Sessions idle in transaction whose last statement was `queryid`. */
export interface IdleInTransactionStats {
  datname: string;
  queryid: string;
  /** Mean sessions idle in transaction over every scrape of the range (a scrape with none counts as 0). */
  meanSessions: number;
  /** Longest time one of them had been idle in transaction at a scrape. */
  longestIdleSeconds?: number;
}

/**
 * Sessions waiting for locks held by sessions whose last statement was `holdingQueryid`. A session waiting
 * in line for a row lock blocks the ones behind it (PostgreSQL queues them on the tuple lock), so a
 * statement can hold locks both while `active` (waiting itself) and while `idle in transaction`.
 */
export interface LockHolderStats {
  datname: string;
  holdingQueryid: string;
  /** Mean waiting sessions over every scrape of the range (a scrape with none counts as 0), any holder state. */
  meanWaitingSessions: number;
  /** ...of which waiting for holders idle in transaction: the application keeps the transaction open. */
  meanWaitingOnIdleSessions: number;
  /** Longest wait seen (age of a waiting statement), whatever the holder's state. */
  longestWaitSeconds?: number;
}

/** The relations one statement's plan reads, as the exporter's advisor last planned it in the range. */
export interface StatementPlanScans {
  datname: string;
  queryid: string;
  /** seqScans 0: the plan reads the relation through indexes only. */
  relations: { schemaname: string; relname: string; seqScans: number }[];
}

export const SESSION_QUERY_NAMES = [
  'statementText',
  'idleInTransactionSessions',
  'idleInTransactionSeconds',
  'lockWaitersByHolder',
  'lockWaitersOnIdleHolder',
  'lockWaitSeconds',
  'planSeqScans',
] as const;

export type PostgresSessionQueryName = (typeof SESSION_QUERY_NAMES)[number];

/** The label that tells the measures apart in the one query that reads them all. */
const MEASURE_LABEL = 'perflens_measure';

/**
 * Reads every session measure in one query, `label_replace(a, measure="a") or label_replace(b, ...)`, split
 * again by that label: one round trip instead of six (the analysis keeps a fixed, small number of queries).
 */
export async function readPostgresSessions(
  client: PrometheusClient,
  queries: Readonly<Record<PostgresSessionQueryName, string>>,
  timeSeconds: number,
): Promise<PostgresSessionEvidence> {
  const union = SESSION_QUERY_NAMES.map(
    (name) => `label_replace(${queries[name]}, "${MEASURE_LABEL}", "${name}", "", "")`,
  ).join(' or ');
  const vectors = Object.fromEntries(SESSION_QUERY_NAMES.map((name) => [name, [] as PromSeries[]])) as Record<
    PostgresSessionQueryName,
    PromSeries[]
  >;
  for (const series of await client.query(union, timeSeconds)) {
    const { [MEASURE_LABEL]: measure, ...labels } = series.labels;
    const vector = vectors[measure as PostgresSessionQueryName] as PromSeries[] | undefined;
    vector?.push({ ...series, labels });
  }
  return postgresSessionEvidenceFrom(vectors);
}

/**
 * A mean over every scrape of the range: the gauges exist only while sessions are in that state, so
 * avg_over_time would average the busy scrapes alone. pg_up has one sample per scrape of each database.
 */
function meanOverScrapes(metric: string, by: string, range: string): string {
  return `sum by (${by}) (sum_over_time(${metric}[${range}])) / on (datname) group_left max by (datname) (count_over_time(pg_up[${range}]))`;
}

/** The session queries over `range` (a PromQL duration): one per measure, every database and statement at once. */
export function postgresSessionQueries(range: string): Record<PostgresSessionQueryName, string> {
  return {
    // Over the range, not at its end: a statement that left the exporter's top N still has its text.
    statementText: `max by (datname, queryid, query) (max_over_time(perflens_pg_statement_info[${range}]))`,
    idleInTransactionSessions: meanOverScrapes(
      'perflens_pg_idle_in_transaction_sessions',
      'datname, queryid',
      range,
    ),
    idleInTransactionSeconds: `max by (datname, queryid) (max_over_time(perflens_pg_idle_in_transaction_seconds_max[${range}]))`,
    lockWaitersByHolder: meanOverScrapes('perflens_pg_lock_waiters', 'datname, holding_queryid', range),
    // `idle in transaction` and `idle in transaction (aborted)`: the exporter's holder states.
    lockWaitersOnIdleHolder: meanOverScrapes(
      'perflens_pg_lock_waiters{holding_state=~"idle in transaction.*"}',
      'datname, holding_queryid',
      range,
    ),
    lockWaitSeconds: `max by (datname, holding_queryid) (max_over_time(perflens_pg_lock_wait_seconds_max[${range}]))`,
    // The most scans any plan of the range made: a plan that scanned a table in the range read it whole then.
    planSeqScans: `max by (datname, queryid, schemaname, relname) (max_over_time(perflens_pg_statement_plan_seq_scans[${range}]))`,
  };
}

export interface PostgresSessionEvidence {
  statementTexts: StatementText[];
  idleInTransaction: IdleInTransactionStats[];
  lockHolders: LockHolderStats[];
  /** Empty when the exporter runs no advisor (or one without hypopg): then nothing was planned. */
  statementPlans: StatementPlanScans[];
}

const key = (...parts: string[]): string => parts.join('\u0000');

/** The session evidence from the results of {@link postgresSessionQueries}. */
export function postgresSessionEvidenceFrom(
  v: Readonly<Record<PostgresSessionQueryName, readonly PromSeries[]>>,
): PostgresSessionEvidence {
  const statementTexts = new Map<string, StatementText>();
  for (const s of v.statementText) {
    const { datname = '', queryid = '', query } = s.labels;
    if (query) statementTexts.set(key(datname, queryid), { datname, queryid, query });
  }

  const longestIdle = new Map<string, number>();
  for (const s of v.idleInTransactionSeconds) {
    if (Number.isFinite(s.value))
      longestIdle.set(key(s.labels.datname ?? '', s.labels.queryid ?? ''), s.value);
  }
  const idleInTransaction: IdleInTransactionStats[] = v.idleInTransactionSessions
    .filter((s) => Number.isFinite(s.value))
    .map((s) => {
      const datname = s.labels.datname ?? '';
      const queryid = s.labels.queryid ?? '';
      const longest = longestIdle.get(key(datname, queryid));
      return {
        datname,
        queryid,
        meanSessions: s.value,
        ...(longest !== undefined ? { longestIdleSeconds: longest } : {}),
      };
    })
    .sort((a, b) => b.meanSessions - a.meanSessions || a.queryid.localeCompare(b.queryid));

  const onIdle = new Map<string, number>();
  for (const s of v.lockWaitersOnIdleHolder) {
    if (Number.isFinite(s.value))
      onIdle.set(key(s.labels.datname ?? '', s.labels.holding_queryid ?? ''), s.value);
  }
  const longestWait = new Map<string, number>();
  for (const s of v.lockWaitSeconds) {
    if (Number.isFinite(s.value))
      longestWait.set(key(s.labels.datname ?? '', s.labels.holding_queryid ?? ''), s.value);
  }
  const lockHolders: LockHolderStats[] = v.lockWaitersByHolder
    .filter((s) => Number.isFinite(s.value))
    .map((s) => {
      const datname = s.labels.datname ?? '';
      const holdingQueryid = s.labels.holding_queryid ?? '';
      const longest = longestWait.get(key(datname, holdingQueryid));
      return {
        datname,
        holdingQueryid,
        meanWaitingSessions: s.value,
        meanWaitingOnIdleSessions: onIdle.get(key(datname, holdingQueryid)) ?? 0,
        ...(longest !== undefined ? { longestWaitSeconds: longest } : {}),
      };
    })
    .sort(
      (a, b) =>
        b.meanWaitingSessions - a.meanWaitingSessions || a.holdingQueryid.localeCompare(b.holdingQueryid),
    );

  return {
    statementTexts: [...statementTexts.values()].sort(
      (a, b) => a.datname.localeCompare(b.datname) || a.queryid.localeCompare(b.queryid),
    ),
    idleInTransaction,
    lockHolders,
    statementPlans: statementPlansFrom(v.planSeqScans),
  };
}

function statementPlansFrom(series: readonly PromSeries[]): StatementPlanScans[] {
  const plans = new Map<string, StatementPlanScans>();
  for (const s of series) {
    const { datname = '', queryid = '', schemaname = '', relname = '' } = s.labels;
    if (!Number.isFinite(s.value) || relname === '') continue;
    const plan = plans.get(key(datname, queryid)) ?? { datname, queryid, relations: [] };
    plan.relations.push({ schemaname, relname, seqScans: s.value });
    plans.set(key(datname, queryid), plan);
  }
  return [...plans.values()].sort(
    (a, b) => a.datname.localeCompare(b.datname) || a.queryid.localeCompare(b.queryid),
  );
}

/** The text of a statement, when the exporter exported it. */
export function statementTextOf(
  texts: readonly StatementText[] | undefined,
  datname: string,
  queryid: string,
): string | undefined {
  return texts?.find((t) => t.datname === datname && t.queryid === queryid)?.query;
}

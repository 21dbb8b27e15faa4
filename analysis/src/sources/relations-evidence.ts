import {
  DB_OPERATION_DURATION,
  DB_STATEMENT_INFO,
  elidedParts,
  ROUTE_STATEMENT_CALLS,
  ROUTE_STATEMENT_SECONDS,
  selector,
} from '@perflens/conventions';
import { type AnalysisScope, scopedToDatabases, scopeRange } from './analysis-scope';
import { PrometheusQueryError, type PrometheusClient } from './prometheus-client';
import { indexBy, labelKey, type QueryResults, runQuerySet } from './query-batch';

/**
 * What the findings of different layers share, measured rather than assumed: which statements and pools each
 * route uses, which pg_stat_statements entries those statements are, which statements wait on which for
 * locks, and which statements sessions last ran before idling in a transaction. rank/attribute-causes.ts
 * links a cause to a symptom only through these.
 */

/** A pg_stat_statements entry: what the statement findings name. */
export interface StatementRef {
  datname: string;
  queryid: string;
}

/** One normalized statement a route runs on one pool (perflens_route_statement_*). */
export interface RouteStatementUse {
  method: string;
  route: string;
  pool: string;
  /** db_statement_fingerprint; `__overflow__` for the statements past the route's cap. */
  fingerprint: string;
  /** Client-side seconds of this statement per second, on this route and pool. */
  secondsPerSecond: number;
  callsPerSecond: number;
  /** Share of the route's client-side statement time (all its statements and pools) this one takes. */
  shareOfRouteDbTime: number;
  /** The normalized text (perflens_db_statement_info), when exported. */
  text?: string;
  /** pg_stat_statements entries with the same normalized text (one per database that runs it). */
  pgStatements: StatementRef[];
}

/** One pool a route takes connections from, with its share of the route's client-side statement time. */
export interface RoutePoolUse {
  method: string;
  route: string;
  pool: string;
  secondsPerSecond: number;
  shareOfRouteDbTime: number;
}

/** Sessions of one statement that waited for a lock held by a session whose last statement was another. */
export interface LockWaitPair {
  datname: string;
  /** queryid of the waiting statement; '' when PostgreSQL did not compute one. */
  waitingQueryid: string;
  /** queryid of the statement the holding session ran last; '' when unknown (prepared transaction...). */
  holdingQueryid: string;
  /** The holder's state: `active`, `idle in transaction`, ... */
  holdingState: string;
  /** Waiting sessions summed over the range's samples: the pair's weight among the database's waits. */
  waiterSamples: number;
  /** Longest wait seen for the pair, in seconds. */
  maxWaitSeconds?: number;
}

/** Sessions idle in transaction, by the statement they ran last. */
export interface IdleTransactionStatement {
  datname: string;
  queryid: string;
  maxIdleSeconds: number;
}

export type RelationsQueryName =
  | 'routeStatementSeconds'
  | 'routeStatementCalls'
  | 'statementTexts'
  | 'pgStatements'
  | 'lockWaiters'
  | 'lockWaitSeconds'
  | 'idleInTransaction'
  | 'dbErrors';

export interface RelationsEvidence {
  statements: RouteStatementUse[];
  pools: RoutePoolUse[];
  lockWaits: LockWaitPair[];
  idleInTransaction: IdleTransactionStatement[];
  /** The service's failed database client operations per second, by error_type (SQLSTATE or client class). */
  dbErrorsPerSecond: Readonly<Record<string, number>>;
  queries: Readonly<Record<RelationsQueryName, string>>;
}

/** The instrumentation's overflow label value (instrument's cardinality guard): folded routes or statements. */
export const OVERFLOW = '__overflow__';

const ROUTE_STATEMENT = [
  'http_request_method',
  'http_route',
  'db_client_connection_pool_name',
  'db_statement_fingerprint',
];
const LOCK_PAIR = ['datname', 'waiting_queryid', 'holding_queryid'];

export function relationsQueries(scope: AnalysisScope): Record<RelationsQueryName, string> {
  const r = scopeRange(scope);
  const job = { job: scope.job };
  const byUse = `by (${ROUTE_STATEMENT.join(', ')})`;
  const serviceTexts = `max by (db_statement_fingerprint, db_query_text) (last_over_time(${selector(DB_STATEMENT_INFO, job)}[${r}]))`;
  const pgTexts = `max by (datname, queryid, query) (last_over_time(perflens_pg_statement_info[${r}]))`;
  return {
    routeStatementSeconds: `sum ${byUse} (rate(${selector(ROUTE_STATEMENT_SECONDS, job)}[${r}]))`,
    routeStatementCalls: `sum ${byUse} (rate(${selector(ROUTE_STATEMENT_CALLS, job)}[${r}]))`,
    statementTexts: serviceTexts,
    // The exporter's statement texts in the databases this service runs statements in: those where one of
    // its texts is found as it is (both sides normalize alike: constants as $n, comments removed,
    // whitespace collapsed, 200 characters). The rest are matched in relationsEvidenceFrom on a looser
    // form; other databases on a shared Prometheus are left out here, not after the transfer.
    pgStatements: `${pgTexts} and on (datname) (${pgTexts} and on (query) label_replace(${serviceTexts}, "query", "$1", "db_query_text", "(.*)"))`,
    lockWaiters: `sum by (${LOCK_PAIR.join(', ')}, holding_state) (sum_over_time(perflens_pg_lock_waiters[${r}]))`,
    lockWaitSeconds: `max by (${LOCK_PAIR.join(', ')}) (max_over_time(perflens_pg_lock_wait_seconds_max[${r}]))`,
    idleInTransaction: `max by (datname, queryid) (max_over_time(perflens_pg_idle_in_transaction_seconds_max[${r}]))`,
    dbErrors: `sum by (error_type) (rate(${selector(`${DB_OPERATION_DURATION}_count`, { ...job, error_type: { not: '' } })}[${r}]))`,
  };
}

/**
 * Reads the relations of `scope.job` in one batch of queries. Metrics that are not there (older
 * instrumentation or exporter, no lock waits in the range) leave their part empty; a query Prometheus rejects
 * leaves every part empty: relations only sharpen attribution, whose rules fall back without them, so they
 * never skip a layer.
 */
export async function readRelationsEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
): Promise<RelationsEvidence> {
  // The exporter's series only of the scope's databases, as the postgres layer reads them (analysis-scope.ts).
  const queries = scopedToDatabases(scope, relationsQueries(scope));
  try {
    return relationsEvidenceFrom(await runQuerySet(client, queries, scope.endSeconds));
  } catch (error) {
    if (!(error instanceof PrometheusQueryError)) throw error;
    return emptyRelations(queries);
  }
}

/** Relations with nothing measured. */
export function emptyRelations(queries: Readonly<Record<RelationsQueryName, string>>): RelationsEvidence {
  return { statements: [], pools: [], lockWaits: [], idleInTransaction: [], dbErrorsPerSecond: {}, queries };
}

export function relationsEvidenceFrom({
  vectors: v,
  queries,
}: QueryResults<RelationsQueryName>): RelationsEvidence {
  const calls = indexBy(v.routeStatementCalls, ROUTE_STATEMENT);
  const texts = new Map<string, string>();
  for (const s of v.statementTexts) {
    const { db_statement_fingerprint: fingerprint, db_query_text: text } = s.labels;
    if (fingerprint !== undefined && text !== undefined) texts.set(fingerprint, text);
  }
  const pgTexts = v.pgStatements.flatMap((s) => {
    const { datname, queryid, query } = s.labels;
    return datname === undefined || queryid === undefined || query === undefined
      ? []
      : [{ datname, queryid, query }];
  });
  const pgStatementsOf = statementMatcher(pgTexts);
  const uses = v.routeStatementSeconds
    .filter((s) => Number.isFinite(s.value) && s.value > 0)
    .map((s) => ({
      method: s.labels.http_request_method ?? '',
      route: s.labels.http_route ?? '',
      pool: s.labels.db_client_connection_pool_name ?? '',
      fingerprint: s.labels.db_statement_fingerprint ?? '',
      secondsPerSecond: s.value,
      callsPerSecond: calls.get(labelKey(s.labels, ROUTE_STATEMENT)) ?? 0,
    }));
  const routeSeconds = new Map<string, number>();
  const routeOf = (u: { method: string; route: string }) => `${u.method}\u0000${u.route}`;
  for (const u of uses)
    routeSeconds.set(routeOf(u), (routeSeconds.get(routeOf(u)) ?? 0) + u.secondsPerSecond);
  const shareOf = (u: { method: string; route: string; secondsPerSecond: number }) =>
    u.secondsPerSecond / (routeSeconds.get(routeOf(u)) as number);

  const statements: RouteStatementUse[] = uses
    .map((u) => {
      const text = texts.get(u.fingerprint);
      return {
        ...u,
        shareOfRouteDbTime: shareOf(u),
        ...(text !== undefined ? { text } : {}),
        pgStatements: text !== undefined ? pgStatementsOf(text) : [],
      };
    })
    .sort(
      (a, b) =>
        a.route.localeCompare(b.route) ||
        a.method.localeCompare(b.method) ||
        b.secondsPerSecond - a.secondsPerSecond ||
        a.fingerprint.localeCompare(b.fingerprint),
    );

  const poolSeconds = new Map<string, { method: string; route: string; pool: string; seconds: number }>();
  for (const u of uses) {
    const key = `${routeOf(u)}\u0000${u.pool}`;
    const seen = poolSeconds.get(key) ?? { method: u.method, route: u.route, pool: u.pool, seconds: 0 };
    seen.seconds += u.secondsPerSecond;
    poolSeconds.set(key, seen);
  }
  const pools: RoutePoolUse[] = [...poolSeconds.values()]
    .map(({ method, route, pool, seconds }) => ({
      method,
      route,
      pool,
      secondsPerSecond: seconds,
      shareOfRouteDbTime: shareOf({ method, route, secondsPerSecond: seconds }),
    }))
    .sort(
      (a, b) =>
        a.route.localeCompare(b.route) || a.method.localeCompare(b.method) || a.pool.localeCompare(b.pool),
    );

  const waitSeconds = indexBy(v.lockWaitSeconds, LOCK_PAIR);
  const lockWaits: LockWaitPair[] = v.lockWaiters
    .filter((s) => Number.isFinite(s.value) && s.value > 0)
    .map((s) => {
      const max = waitSeconds.get(labelKey(s.labels, LOCK_PAIR));
      return {
        datname: s.labels.datname ?? '',
        waitingQueryid: s.labels.waiting_queryid ?? '',
        holdingQueryid: s.labels.holding_queryid ?? '',
        holdingState: s.labels.holding_state ?? '',
        waiterSamples: s.value,
        ...(max !== undefined ? { maxWaitSeconds: max } : {}),
      };
    })
    .sort((a, b) => b.waiterSamples - a.waiterSamples || a.waitingQueryid.localeCompare(b.waitingQueryid));

  const idleInTransaction: IdleTransactionStatement[] = v.idleInTransaction
    .filter((s) => Number.isFinite(s.value))
    .map((s) => ({
      datname: s.labels.datname ?? '',
      queryid: s.labels.queryid ?? '',
      maxIdleSeconds: s.value,
    }))
    .sort((a, b) => b.maxIdleSeconds - a.maxIdleSeconds || a.queryid.localeCompare(b.queryid));

  const dbErrorsPerSecond: Record<string, number> = {};
  for (const s of v.dbErrors) {
    if (Number.isFinite(s.value) && s.value > 0 && s.labels.error_type)
      dbErrorsPerSecond[s.labels.error_type] = s.value;
  }
  return { statements, pools, lockWaits, idleInTransaction, dbErrorsPerSecond, queries };
}

/**
 * Finds the pg_stat_statements entries of a service's statement text: the entries with the same text, else,
 * per database, the one entry whose text is the same once every parameter and number is one placeholder.
 * That looser form covers what the two normalizers do differently (instrument/README.md): PostgreSQL keeps
 * `ORDER BY 1` positions and type modifiers as written, the instrumentation replaces them, and a text cut to
 * 200 characters is cut at different places then (its start and end compared up to the shorter). Two entries of one
 * database that match loosely are left unmatched: a wrong statement is worse than none.
 */
export function statementMatcher(
  pgTexts: ReadonlyArray<StatementRef & { query: string }>,
): (text: string) => StatementRef[] {
  const exact = new Map<string, StatementRef[]>();
  for (const { datname, queryid, query } of pgTexts)
    exact.set(query, [...(exact.get(query) ?? []), { datname, queryid }]);
  const loose = pgTexts.map((t) => ({
    ref: { datname: t.datname, queryid: t.queryid },
    form: looseForm(t.query),
  }));
  return (text) => {
    const found = exact.get(text);
    if (found) return found;
    const form = looseForm(text);
    const byDatabase = new Map<string, StatementRef[]>();
    for (const candidate of loose) {
      if (!sameLooseForm(form, candidate.form)) continue;
      byDatabase.set(candidate.ref.datname, [
        ...(byDatabase.get(candidate.ref.datname) ?? []),
        candidate.ref,
      ]);
    }
    return [...byDatabase.values()].flatMap((refs) => (refs.length === 1 ? refs : []));
  };
}

/** A text with every parameter and number as `?`: whole, or the start and end of a text cut in the middle. */
interface LooseForm {
  head: string;
  /** The end after the cut; absent for a whole text. */
  tail?: string;
}

/** Known characters two cut texts must share, start and end together, to be taken for one statement. */
const MIN_SHARED_CHARS = 100;

function looseForm(text: string): LooseForm {
  const loose = (part: string) => part.replace(/\$\d+|\b\d+(\.\d+)?\b/g, '?');
  const parts = elidedParts(text);
  if (parts) return { head: loose(parts.head), tail: loose(parts.tail) };
  // Producers before the middle cut kept the start only, ending in `…`.
  if (text.endsWith('…')) return { head: loose(text.slice(0, -1)), tail: '' };
  return { head: loose(text) };
}

function sameLooseForm(a: LooseForm, b: LooseForm): boolean {
  if (a.tail === undefined && b.tail === undefined) return a.head === b.head;
  // A whole text is its own start and end, of any length.
  const headLength = Math.min(
    a.tail === undefined ? Infinity : a.head.length,
    b.tail === undefined ? Infinity : b.head.length,
  );
  const aTail = a.tail ?? a.head;
  const bTail = b.tail ?? b.head;
  const tailLength = Math.min(
    a.tail === undefined ? Infinity : a.tail.length,
    b.tail === undefined ? Infinity : b.tail.length,
  );
  if (headLength + tailLength < MIN_SHARED_CHARS) return false;
  return (
    a.head.slice(0, headLength) === b.head.slice(0, headLength) &&
    aTail.slice(aTail.length - tailLength) === bTail.slice(bTail.length - tailLength)
  );
}

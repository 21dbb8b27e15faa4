import { AsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { CardinalityGuard } from '../cardinality/cardinality-guard';
import { GuardedSeries } from '../cardinality/guarded-series';
import type { HistogramSeries } from '../exposition/series-histogram';
import { DB_OPERATION_DURATION } from '@perflens/conventions';
import { type DbClientMetrics, type OperationLabel, type PoolStatistics } from './db-metrics';
import { countAfterCallback, countAfterThen, openScope } from '../runtime/loop-blocking';
import { pgErrorType } from './pg-error-type';
import { listStatement, type RequestDbTime, type RequestDbTimeStore } from './request-db-time';
import { StatementCache, type PgStatement } from './statement-cache';

const INSTRUMENTED = Symbol('perflens.pgInstrumented');
/** The db_client_connection_pool_name of statements sent by a standalone Client (not from a pool). */
export const STANDALONE_CLIENT_POOL = 'client';
/** Statements by text, shared by every instrumented client of the process. */
const statementCache = new StatementCache();

type QueryFunction = (...args: unknown[]) => unknown;
type ConnectFunction = (...args: unknown[]) => unknown;

/** The parts of pg's Client that are instrumented. */
export interface PgClientLike {
  query: QueryFunction;
  [INSTRUMENTED]?: true;
}

/** The parts of pg's Pool that are instrumented. */
export interface PgPoolLike extends PoolStatistics {
  connect: ConnectFunction;
  on(event: 'connect', listener: (client: PgClientLike) => void): unknown;
  [INSTRUMENTED]?: true;
}

export interface PgInstrumentationContext {
  metrics: DbClientMetrics;
  guard: CardinalityGuard;
  dbTime: RequestDbTimeStore;
}

/**
 * Times every query of one pg Client: db_client_operation_duration_seconds, and the current request's
 * database time and statements (under `poolName`). Promise, callback and submittable (cursor, stream)
 * forms are all timed.
 */
export function instrumentPgClient(
  client: PgClientLike,
  context: PgInstrumentationContext,
  poolName: string = STANDALONE_CLIENT_POOL,
): void {
  if (client[INSTRUMENTED]) return;
  client[INSTRUMENTED] = true;
  const query = client.query;
  const { metrics, dbTime } = context;
  const operations = operationSeriesOf(context);
  const record = (
    text: string,
    startedAt: number,
    requestDbTime: RequestDbTime | undefined,
    error: unknown,
  ): void => {
    const seconds = (performance.now() - startedAt) / 1000;
    const statement = statementCache.of(text);
    metrics.duration.observeSeries(operations.of(statement, error), seconds);
    if (requestDbTime !== undefined) {
      requestDbTime.seconds += seconds;
      requestDbTime.queries += 1;
      listStatement(requestDbTime, statement, poolName, seconds);
    }
  };

  client.query = function instrumentedQuery(this: unknown, ...args: unknown[]) {
    const config = args[0] as
      { text?: unknown; submit?: unknown; once?: unknown } | string | null | undefined;
    const text = typeof config === 'string' ? config : typeof config?.text === 'string' ? config.text : '';
    const startedAt = performance.now();
    // Captured now: pg calls back from its socket's context, not the request's.
    const requestDbTime = dbTime.current();

    if (config !== null && typeof config === 'object' && typeof config.submit === 'function') {
      const emitter = config as unknown as NodeJS.EventEmitter;
      if (typeof emitter.once === 'function') {
        // 'end' and 'error' may both come: the first one is recorded.
        let finished = false;
        const finish = (error: unknown): void => {
          if (finished) return;
          finished = true;
          record(text, startedAt, requestDbTime, error);
        };
        emitter.once('end', () => finish(undefined));
        emitter.once('error', (error: unknown) => finish(error));
      }
      return query.apply(this, args);
    }
    const callbackIndex = typeof args[1] === 'function' ? 1 : typeof args[2] === 'function' ? 2 : -1;
    if (callbackIndex !== -1) {
      const callback = args[callbackIndex] as (error: unknown, result: unknown) => void;
      args[callbackIndex] = function timedCallback(this: unknown, error: unknown, result: unknown) {
        record(text, startedAt, requestDbTime, error);
        if (requestDbTime === undefined) return callback.call(this, error, result);
        // The callback's own work and, for pool.query, the awaiting continuation its promise resumes.
        const resumedAt = openScope();
        try {
          return callback.call(this, error, result);
        } finally {
          countAfterCallback(requestDbTime, resumedAt);
        }
      };
      return query.apply(this, args);
    }
    let result: unknown;
    try {
      result = query.apply(this, args);
    } catch (error) {
      record(text, startedAt, requestDbTime, error);
      throw error;
    }
    return (result as Promise<unknown>).then(
      (value) => {
        record(text, startedAt, requestDbTime, undefined);
        if (requestDbTime !== undefined) countAfterThen(requestDbTime);
        return value;
      },
      (error: unknown) => {
        record(text, startedAt, requestDbTime, error);
        if (requestDbTime !== undefined) countAfterThen(requestDbTime);
        throw error;
      },
    );
  };
}

/**
 * Instruments a pg Pool: its clients' queries (present and future), the time callers wait for a
 * connection, and the pool gauges read at scrape time under `poolName`.
 */
export function instrumentPgPool(
  pool: PgPoolLike,
  poolName: string,
  context: PgInstrumentationContext,
): void {
  if (pool[INSTRUMENTED]) return;
  pool[INSTRUMENTED] = true;
  context.metrics.pools.set(poolName, pool);
  pool.on('connect', (client) => instrumentPgClient(client, context, poolName));
  const connect = pool.connect;
  const waitLabels = { db_client_connection_pool_name: poolName };
  const waitTime = context.metrics.waitTime;
  let waitSeries: HistogramSeries | undefined; // created at the first checkout, as observe() would
  const observeWait = (startedAt: number): void => {
    if (waitSeries === undefined || !waitTime.isCurrent(waitSeries)) waitSeries = waitTime.series(waitLabels);
    waitTime.observeSeries(waitSeries, (performance.now() - startedAt) / 1000);
  };
  const checkedOut = (
    thisArg: unknown,
    error: unknown,
    client: unknown,
    release: unknown,
    callback: (...a: unknown[]) => unknown,
    startedAt: number,
  ): unknown => {
    observeWait(startedAt);
    instrumentCheckedOut(client);
    return callback.call(thisArg, error, client, release);
  };
  // Clients the pool opened before instrument() never emit 'connect' again: instrument them when they
  // are checked out (idempotent), which every query path goes through, pool.query included.
  const instrumentCheckedOut = (client: unknown): void => {
    if (
      client !== null &&
      typeof client === 'object' &&
      typeof (client as PgClientLike).query === 'function'
    ) {
      instrumentPgClient(client as PgClientLike, context, poolName);
    }
  };

  pool.connect = function instrumentedConnect(this: unknown, callback?: unknown) {
    const startedAt = performance.now();
    if (typeof callback === 'function') {
      const done = callback as (...results: unknown[]) => unknown;
      // pg-pool hands a freed client to a waiter from inside the releasing request's call stack;
      // running the callback in the waiter's own async scope keeps its request context
      // (AsyncLocalStorage) for the queries that follow. runInAsyncScope, not AsyncResource.bind: on
      // Node 20 bind() also builds a deprecation getter per call, 5% of a pool.query's CPU in a profile.
      // Outside a request there is no context of ours to keep, and no scope is paid for.
      const scope =
        context.dbTime.current() === undefined ? undefined : new AsyncResource('perflens.pg.connect');
      // One closure per checkout, no argument arrays: pg-pool calls back with (error, client, release).
      const connected = function connected(this: unknown, error: unknown, client: unknown, release: unknown) {
        if (scope === undefined) return checkedOut(this, error, client, release, done, startedAt);
        return scope.runInAsyncScope(checkedOut, undefined, this, error, client, release, done, startedAt);
      };
      return connect.call(this, connected);
    }
    return (connect.call(this) as Promise<unknown>).then(
      (client) => {
        observeWait(startedAt);
        instrumentCheckedOut(client);
        return client;
      },
      (error: unknown) => {
        observeWait(startedAt);
        throw error;
      },
    );
  };
}

/**
 * The db_client_operation_duration_seconds series of a query, kept per statement for successful queries
 * (nearly all of them): a WeakMap lookup per query instead of a key string built and hashed, and nothing
 * retained once the statement cache drops a statement. Failed queries, and label sets past the series
 * cap (which the guard must count at every observation), take the keyed path.
 */
class OperationSeries {
  private readonly byKey: GuardedSeries<OperationLabel>;
  private readonly succeeded = new WeakMap<PgStatement, HistogramSeries>();

  constructor(private readonly context: PgInstrumentationContext) {
    this.byKey = new GuardedSeries(context.metrics.duration, DB_OPERATION_DURATION, context.guard);
  }

  of(statement: PgStatement, error: unknown): HistogramSeries {
    const failed = error !== undefined && error !== null;
    if (!failed) {
      const kept = this.succeeded.get(statement);
      if (kept !== undefined && this.context.metrics.duration.isCurrent(kept)) return kept;
    }
    const { operation, collection } = statement;
    const errorType = failed ? pgErrorType(error) : '';
    const key = `${operation}\u0001${collection}\u0001${errorType}`;
    const admitted = this.byKey.find(key);
    if (admitted === undefined) {
      return this.byKey.admit(key, {
        db_system_name: 'postgresql',
        db_operation_name: operation,
        db_collection_name: collection,
        error_type: errorType,
      });
    }
    if (!failed) this.succeeded.set(statement, admitted);
    return admitted;
  }
}

/** One operation-series cache per instrument() context (all its clients share the histogram and guard). */
const operationSeries = new WeakMap<PgInstrumentationContext, OperationSeries>();

function operationSeriesOf(context: PgInstrumentationContext): OperationSeries {
  let series = operationSeries.get(context);
  if (series === undefined) {
    series = new OperationSeries(context);
    operationSeries.set(context, series);
  }
  return series;
}

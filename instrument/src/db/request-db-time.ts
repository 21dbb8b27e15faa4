import { AsyncLocalStorage } from 'node:async_hooks';
import { OVERFLOW_LABEL_VALUE } from '../cardinality/cardinality-guard';
import type { RouteStatementRecorder } from './route-statements';
import type { PgStatement } from './statement-cache';

/** Entries a request lists before further queries merge into the entry of their statement. */
export const MAX_LISTED_STATEMENTS = 256;
/** Stands for the statements of a request that were neither listed nor mergeable. */
export const UNLISTED_STATEMENT: PgStatement = {
  operation: OVERFLOW_LABEL_VALUE,
  collection: OVERFLOW_LABEL_VALUE,
  fingerprint: OVERFLOW_LABEL_VALUE,
  labelText: OVERFLOW_LABEL_VALUE,
};

/** Database time accumulated by one HTTP request. */
export interface RequestDbTime {
  seconds: number;
  queries: number;
  /**
   * Synchronous time of the request's continuations after its queries (runtime/loop-blocking.ts); create()
   * always sets it (one object shape), optional for contexts built elsewhere.
   */
  blockingSeconds?: number;
  /**
   * The request's queries as flat 4-tuples (PgStatement, pool name, calls, seconds), created at its
   * first query: one array per request rather than an object per query (create() sets it, for one
   * object shape). Bounded by listStatement.
   */
  statements?: unknown[] | undefined;
}

/**
 * Carries each request's database time from the pg instrumentation to the HTTP middleware, so the
 * exporter can say "this route spends 80% of its time in the database" without tracing.
 * AsyncLocalStorage is only enabled when a pool or client is instrumented: on Node 20 it adds a promise
 * hook to every request, which a service without database instrumentation should not pay for.
 */
export class RequestDbTimeStore {
  private readonly storage = new AsyncLocalStorage<RequestDbTime>();

  /** `statements` turns the per-route statement series on (instrument() always passes one). */
  constructor(private readonly statements?: RouteStatementRecorder) {}

  create(): RequestDbTime {
    return { seconds: 0, queries: 0, blockingSeconds: 0, statements: undefined };
  }

  /** Called when the request's response closed, with the route it was served by. */
  finish(method: string, route: string, context: RequestDbTime): void {
    this.statements?.record(method, route, context);
  }

  /** Whether queries should list their statements in the request's context. */
  get recordsStatements(): boolean {
    return this.statements !== undefined;
  }

  run(context: RequestDbTime, fn: () => void): void {
    this.storage.run(context, fn);
  }

  current(): RequestDbTime | undefined {
    return this.storage.getStore();
  }
}

/**
 * Adds one query to its request's list: appended while the list is short (a request's few queries cost
 * a push each), merged into the entry of the same statement and pool past MAX_LISTED_STATEMENTS, so a
 * request running a million queries holds a bounded list; statements that match no entry then are
 * counted under UNLISTED_STATEMENT (the route's `__overflow__` statement).
 */
export function listStatement(
  context: RequestDbTime,
  statement: PgStatement,
  pool: string,
  seconds: number,
): void {
  const list = (context.statements ??= []);
  if (list.length < MAX_LISTED_STATEMENTS * 4) {
    list.push(statement, pool, 1, seconds);
    return;
  }
  for (const candidate of [statement, UNLISTED_STATEMENT]) {
    for (let i = 0; i < list.length; i += 4) {
      if ((list[i] as PgStatement).fingerprint === candidate.fingerprint && list[i + 1] === pool) {
        list[i + 2] = (list[i + 2] as number) + 1;
        list[i + 3] = (list[i + 3] as number) + seconds;
        return;
      }
    }
  }
  list.push(UNLISTED_STATEMENT, pool, 1, seconds); // once per pool
}

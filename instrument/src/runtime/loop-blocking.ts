import { performance } from 'node:perf_hooks';

/**
 * Where a request's synchronous time on the event loop adds up. The per-request database context carries
 * one (RequestDbTime), so the pg instrumentation can charge a query's continuation to its request.
 */
export interface LoopTimeAccount {
  /** Absent counts as 0. */
  blockingSeconds?: number;
}

/*
 * How a continuation is timed without async_hooks. A pg result arrives in a macrotask (the socket's data
 * callback); the awaiting continuation runs in the microtasks Node drains right after that callback, and so
 * does everything it chains without waiting (`await` on values already there). Node runs the next-tick
 * queue only once the microtask queue is empty (lib/internal/process/task_queues.js,
 * processTicksAndRejections), so a tick scheduled from a microtask runs when the continuation has reached
 * an await that really waits (or ended): the time from the result to that tick is the continuation's
 * synchronous run, the part that holds the loop. No hop count to guess: pg-pool's promise, for one, settles
 * the caller's promise through a `.catch` (two microtasks), a checked-out client's through one.
 *
 * What the drain can hold besides the request's own code: what pg-pool's release() starts synchronously
 * (handing the client to a waiting request, which sends its query), a few microseconds. A route that
 * awaits a 400 ms HTTP call or timer is charged nothing for the wait; one that runs pbkdf2Sync after its
 * query is charged the hash. Code after an await of something other than a query (fetch, a timer) is not
 * seen.
 *
 * Cost per query of a request: two performance.now(), one promise reaction (the callback path) and one
 * nextTick with a closure each, about 3 µs of CPU with AsyncLocalStorage on; nothing for queries outside
 * requests.
 */

/**
 * Measured scopes open now: the handler chain inside the middleware's next(), a continuation window after a
 * query result, an Express layer entered asynchronously (http/async-dispatch-timing.ts). Nested or
 * overlapping time is counted once, by the outermost scope: an inner one sees this above 0 and only runs.
 */
let openScopes = 0;

/**
 * The hop into the microtask queue: a reaction on a settled promise is queued at once, like
 * queueMicrotask, which on Node 20 also builds an AsyncResource per call; with AsyncLocalStorage on, that
 * cost 9 µs of CPU per query in an A/B on real pg queries, the promise 1 to 3 µs.
 */
const SETTLED = Promise.resolve();

/** Whether some scope is already measuring the loop's current run. */
export function loopTimeMeasured(): boolean {
  return openScopes > 0;
}

/** Opens a scope; returns its start for {@link closeScope}. */
export function openScope(): number {
  openScopes += 1;
  return performance.now();
}

/** Closes a scope opened at `startedAt` and returns its seconds, counted into `account` when there is one. */
export function closeScope(account: LoopTimeAccount | undefined, startedAt: number): number {
  openScopes -= 1;
  const seconds = (performance.now() - startedAt) / 1000;
  if (account !== undefined) account.blockingSeconds = (account.blockingSeconds ?? 0) + seconds;
  return seconds;
}

/**
 * For a callback-style result (pg's query callback; pg-pool's `pool.query` settles its promise from inside
 * it): open a scope before calling the callback (`startedAt` from {@link openScope}) and call this once it
 * returned or threw. The callback's own synchronous work is counted at once, since a response it ends may
 * be recorded before any microtask runs; the continuations it resumed are counted, and the scope closed,
 * when the microtasks drain. The hop through a microtask matters: a tick scheduled from the callback itself
 * (a macrotask) would run before the microtasks, not after.
 */
export function countAfterCallback(account: LoopTimeAccount, startedAt: number): void {
  const returnedAt = performance.now();
  account.blockingSeconds = (account.blockingSeconds ?? 0) + (returnedAt - startedAt) / 1000;
  void SETTLED.then(function continuationsQueued() {
    process.nextTick(function continuationsEnded() {
      closeScope(account, returnedAt);
    });
  });
}

/**
 * For a `then` callback whose return value settles the promise the caller awaits (a checked-out client's
 * `client.query()`): call inside that callback. It already runs as a microtask, so the tick scheduled here
 * runs once the continuation and whatever it chained have run.
 */
export function countAfterThen(account: LoopTimeAccount): void {
  const resumedAt = openScope();
  process.nextTick(function continuationsEnded() {
    closeScope(account, resumedAt);
  });
}

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  countAfterCallback,
  countAfterThen,
  type LoopTimeAccount,
  loopTimeMeasured,
  openScope,
} from './loop-blocking';

/** Holds the loop for `ms` (what pbkdf2Sync or a big JSON.stringify does), and returns how long it held it. */
function holdLoop(ms: number): number {
  const startedAt = performance.now();
  while (performance.now() - startedAt < ms);
  return (performance.now() - startedAt) / 1000;
}

/** A query result delivered the way pg delivers it: from a macrotask (socket data), never synchronously. */
function resultLater<T>(value: T): Promise<T> {
  return new Promise((resolve) => setImmediate(() => resolve(value)));
}

/** The wait of an external call: the loop is free meanwhile, and none of it may be counted. */
const EXTERNAL_CALL_MS = 400;
/** Far below the wait, far above what surrounds the held time (a busy machine's scheduling included). */
const SLACK_SECONDS = 0.2;

describe('continuation timing: from the result to the drained microtask queue', () => {
  afterEach(async () => {
    await sleep(0);
    expect(loopTimeMeasured()).toBe(false); // every scope closed
  });

  it('after a then callback: counts the awaiting continuation up to its next real await, not the wait', async () => {
    const account: LoopTimeAccount = { blockingSeconds: 0 };
    let held = 0;
    const timed = resultLater('rows').then((rows) => {
      countAfterThen(account);
      return rows;
    });
    await (async function handler() {
      await timed;
      held = holdLoop(20);
      await 'already there'; // no wait: still the same run of the loop
      held += holdLoop(20);
      await sleep(EXTERNAL_CALL_MS);
    })();
    expect(account.blockingSeconds).toBeGreaterThanOrEqual(held);
    expect(account.blockingSeconds).toBeLessThan(held + SLACK_SECONDS);
  });

  it('after a callback that settles the awaited promise through a .catch (pg-pool): counts the continuation', async () => {
    const account: LoopTimeAccount = { blockingSeconds: 0 };
    // pg-pool's promisify: the caller awaits `inner.catch(…)`, settled a microtask after `inner`.
    let resolveInner!: (rows: string) => void;
    const awaited = new Promise<string>((resolve) => (resolveInner = resolve)).catch((error: Error) => {
      throw error;
    });
    setImmediate(function queryCallback() {
      const calledAt = openScope();
      resolveInner('rows');
      countAfterCallback(account, calledAt);
    });
    await awaited;
    const held = holdLoop(30);
    await sleep(EXTERNAL_CALL_MS);
    expect(account.blockingSeconds).toBeGreaterThanOrEqual(held);
    expect(account.blockingSeconds).toBeLessThan(held + SLACK_SECONDS);
  });

  it('after a callback-style continuation: counts the callback’s own work before any microtask runs', async () => {
    const account: LoopTimeAccount = { blockingSeconds: 0 };
    const countedBeforeMicrotasks = await new Promise<{ held: number; counted: number }>((resolve) =>
      setImmediate(() => {
        const calledAt = openScope();
        const held = holdLoop(20); // the user's callback
        countAfterCallback(account, calledAt);
        resolve({ held, counted: account.blockingSeconds ?? 0 });
      }),
    );
    expect(countedBeforeMicrotasks.counted).toBeGreaterThanOrEqual(countedBeforeMicrotasks.held);
  });

  it('the measuring tick runs after every chained microtask and before ticks the continuation schedules', async () => {
    // The ordering the timing relies on, shown directly.
    const order: string[] = [];
    const timed = resultLater(1).then((value) => {
      process.nextTick(() => order.push('measured'));
      return value;
    });
    await (async () => {
      await timed;
      order.push('continuation');
      process.nextTick(() => order.push('tick from the continuation'));
      await null;
      order.push('chained continuation');
    })();
    await sleep(0);
    expect(order).toEqual(['continuation', 'chained continuation', 'measured', 'tick from the continuation']);
  });
});

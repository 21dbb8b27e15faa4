import { EventEmitter } from 'node:events';
import { MessageChannel } from 'node:worker_threads';

/**
 * A stand-in for pg's Client with no server behind it, for `BENCH_PG_LOOPBACK=1`: measures what the
 * instrumentation costs per query in CPU without PostgreSQL sharing the two cores (on a loaded machine
 * the real bench's CPU per query moves with throughput, as pg batches writes). Each result comes back as
 * a macrotask from a MessagePort opened at start-up, so like a socket's data callback it runs outside any
 * request's async context. pg-pool drives it exactly as a Client: connect, query with a callback, end.
 */
const channel = new MessageChannel();
const waiting: Array<(error: Error | null, result: unknown) => void> = [];
const RESULT = { command: 'SELECT', rowCount: 1, rows: [{ n: 1 }], fields: [] };
channel.port2.on('message', () => waiting.shift()?.(null, RESULT));
// Not keeping the process alive: the worker's IPC channel does.
channel.port1.unref();
channel.port2.unref();

export class LoopbackPgClient extends EventEmitter {
  /** Read by pg-pool on release: a client not queryable, or ending, is closed instead of kept. */
  readonly _queryable = true;
  readonly _ending = false;

  connect(callback?: (error: Error | null) => void): Promise<void> | undefined {
    if (callback === undefined) return Promise.resolve();
    setImmediate(() => callback(null));
    return undefined;
  }

  query(_text: unknown, values: unknown, callback?: (error: Error | null, result: unknown) => void): void {
    const done = typeof values === 'function' ? values : callback;
    if (typeof done !== 'function')
      throw new Error('LoopbackPgClient: only callback queries (as pg-pool sends)');
    waiting.push(done as (error: Error | null, result: unknown) => void);
    channel.port1.postMessage(0);
  }

  end(callback?: () => void): Promise<void> | undefined {
    if (callback === undefined) return Promise.resolve();
    setImmediate(callback);
    return undefined;
  }
}

import { performance } from 'node:perf_hooks';
import { type Client, Pool } from 'pg';
import { instrument } from '@perflens/instrument';
import express from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { LoopbackPgClient } from './loopback-pg-client';

/** The pg clients compared: bare, Perflens (query metrics + per-request database time), OpenTelemetry. */
export const PG_VARIANTS = ['bare', 'perflens', 'opentelemetry'] as const;
/**
 * Variants that split Perflens's cost, for profiling (BENCH_PG_VARIANTS=bare,als-only,...): a bare pool
 * whose simulated requests each run in an AsyncLocalStorage context and nothing else (what async context
 * costs on this Node), Perflens's query metrics with no request around the queries, and `perflens-before`:
 * the perflens variant with another build of the package, $BENCH_PERFLENS_BEFORE (a copy of
 * instrument/dist made before a change), for before/after figures from one run.
 */
export const PG_DIAGNOSTIC_VARIANTS = ['als-only', 'perflens-no-request', 'perflens-before'] as const;
export type PgVariant = (typeof PG_VARIANTS)[number] | (typeof PG_DIAGNOSTIC_VARIANTS)[number];

/** Concurrent "requests" in flight, each running QUERIES_PER_REQUEST queries in sequence. */
const CONCURRENCY = 8;
const QUERIES_PER_REQUEST = 4;
const POOL_SIZE = 4;

export interface PgRoundRequest {
  seconds: number;
}
export interface PgRoundResult {
  queries: number;
  seconds: number;
  /** CPU time (user + system) of this process during the round. */
  cpuMicros: number;
  /** User CPU time only: what JavaScript costs, without the kernel's share of the loopback TCP traffic. */
  userMicros: number;
}

/**
 * Child-process entry of the pg benchmark: connects to $BENCH_PG_URL, then answers each {seconds} message
 * with the number of queries completed in that time. A simulated request runs QUERIES_PER_REQUEST
 * queries in sequence; in the Perflens variant it passes through the HTTP middleware first.
 */
export function runPgWorker(variant: PgVariant): void {
  const connectionString = process.env.BENCH_PG_URL;
  const loopback = process.env.BENCH_PG_LOOPBACK === '1';
  if (connectionString === undefined && !loopback)
    throw new Error('pg bench worker: BENCH_PG_URL is not set (nor BENCH_PG_LOOPBACK=1)');
  const pool = loopback
    ? new Pool({ Client: LoopbackPgClient as unknown as typeof Client, max: POOL_SIZE })
    : new Pool({ connectionString, max: POOL_SIZE });
  const request = requestOf(variant, pool);
  pool.on('error', () => undefined); // the cluster may stop before this worker ends its pool

  process.on('message', (message: PgRoundRequest) => {
    void runRound(request, message.seconds).then((result) => process.send?.(result));
  });
  process.on('disconnect', () => void pool.end().finally(() => process.exit(0)));
  // Open every connection before the first round, so no round pays for connecting.
  void Promise.all(Array.from({ length: CONCURRENCY }, () => request())).then(() =>
    process.send?.({ ready: true }),
  );
}

async function runRound(request: () => Promise<void>, seconds: number): Promise<PgRoundResult> {
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = startedAt + seconds * 1000;
  let requests = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await request();
      requests++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    queries: requests * QUERIES_PER_REQUEST,
    seconds: (performance.now() - startedAt) / 1000,
    cpuMicros: cpu.user + cpu.system,
    userMicros: cpu.user,
  };
}

function requestOf(variant: PgVariant, pool: Pool): () => Promise<void> {
  switch (variant) {
    case 'perflens':
      return perflensRequest(pool, instrument);
    case 'perflens-before': {
      const before = process.env.BENCH_PERFLENS_BEFORE;
      if (before === undefined) throw new Error('pg bench worker: BENCH_PERFLENS_BEFORE is not set');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(path.resolve(before)) as { instrument: typeof instrument };
      return perflensRequest(pool, loaded.instrument);
    }
    case 'perflens-no-request':
      instrument({ app: express(), pool, defaultMetrics: false });
      return plainRequest(pool);
    case 'als-only': {
      const storage = new AsyncLocalStorage<{ queries: number }>();
      const queries = plainRequest(pool);
      return () => storage.run({ queries: 0 }, queries);
    }
    default:
      return plainRequest(pool);
  }
}

function plainRequest(pool: Pool): () => Promise<void> {
  return async () => {
    for (let i = 0; i < QUERIES_PER_REQUEST; i++) await pool.query('SELECT $1::int AS n', [i]);
  };
}

/** What the HTTP middleware reads of a response; the simulated requests' one is always a finished 200. */
class FinishedResponse extends EventEmitter {
  readonly writableFinished = true;
  readonly headersSent = true;
  readonly statusCode = 200;
  getHeader(): undefined {
    return undefined;
  }
}

type Middleware = (req: object, res: object, next: () => void) => void;

/**
 * Each simulated request goes through Perflens's own HTTP middleware (public API: instrument({ app, pool })),
 * so its queries run in the request's database-time context and end up in the per-route counters.
 */
function perflensRequest(pool: Pool, instrumentApp: typeof instrument): () => Promise<void> {
  const app = express();
  instrumentApp({ app, pool, defaultMetrics: false });
  const stack = (app as unknown as { router: { stack: Array<{ handle: Middleware }> } }).router.stack;
  const middleware = stack.find((layer) => layer.handle.name === 'perflensHttpMetrics')?.handle;
  if (middleware === undefined) throw new Error('pg bench: the Perflens middleware is not on the app');
  const queries = plainRequest(pool);
  return () =>
    new Promise<void>((resolve, reject) => {
      const res = new FinishedResponse();
      middleware({ method: 'GET', headers: {} }, res, () => {
        queries().then(() => {
          res.emit('close');
          resolve();
        }, reject);
      });
    });
}

/**
 * `BENCH_PERFLENS_BEFORE=<copy of instrument/dist> npx tsx instrument/bench/middleware-cpu-bench.ts`:
 * CPU per request of the HTTP middleware and its recording alone, without the network, so machine load
 * cannot hide it: this build and the one named by BENCH_PERFLENS_BEFORE alternate in one process
 * (ROUNDS × REQUESTS each, median), on synthetic request/response objects. Build first (`npx tsc -b
 * instrument`): it loads the built package. No pool is instrumented (the trivial route's configuration).
 */
import express from 'express';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { instrument } from '@perflens/instrument';
import { median } from './bench-processes';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const REQUESTS = 200_000;

type Middleware = (req: object, res: object, next: () => void) => void;

/** The response as the middleware reads it: a finished 200 with a body length. */
class FinishedResponse extends EventEmitter {
  readonly writableFinished = true;
  readonly headersSent = true;
  readonly statusCode = 200;
  getHeader(): string {
    return '5';
  }
}

function middlewareOf(instrumentApp: typeof instrument): Middleware {
  const app = express();
  instrumentApp({ app, defaultMetrics: false });
  const stack = (app as unknown as { router: { stack: Array<{ handle: Middleware }> } }).router.stack;
  const middleware = stack.find((layer) => layer.handle.name === 'perflensHttpMetrics')?.handle;
  if (middleware === undefined)
    throw new Error('middleware bench: the Perflens middleware is not on the app');
  return middleware;
}

/** µs of CPU per request through `middleware`, the synthetic objects included. */
function measure(middleware: Middleware | undefined): number {
  const next = (): void => undefined;
  const started = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const req = { method: 'GET', headers: {}, route: { path: '/hello' } };
    const res = new FinishedResponse();
    if (middleware !== undefined) middleware(req, res, next);
    res.emit('close');
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / REQUESTS;
}

/** Another build of the package, by its directory. */
function loadBuild(directory: string): { instrument: typeof instrument } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.resolve(directory)) as { instrument: typeof instrument };
}

function main(): void {
  const before = process.env.BENCH_PERFLENS_BEFORE;
  const old = before === undefined ? undefined : loadBuild(before);
  const variants: Array<[string, Middleware | undefined]> = [
    ['synthetic objects only', undefined],
    ['this build', middlewareOf(instrument)],
    ...(old === undefined
      ? []
      : ([['BENCH_PERFLENS_BEFORE', middlewareOf(old.instrument)]] as Array<[string, Middleware]>)),
  ];
  const results = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (const [, middleware] of variants) measure(middleware); // warm-up (JIT)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, middleware] of variants) results.get(name)!.push(measure(middleware));
  }
  for (const [name, values] of results) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      `${name.padEnd(24)} ${median(values).toFixed(3)} µs CPU/request [${sorted[0]!.toFixed(3)}–${sorted.at(-1)!.toFixed(3)}]`,
    );
  }
}

main();

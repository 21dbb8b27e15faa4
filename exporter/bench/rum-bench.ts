/**
 * The /rum part of `npm run bench:exporter`. Each variant runs its server in a child process of its own
 * (this file, argument `serve-rum`), so the load generator (autocannon, in the parent) does not share its
 * event loop. Variants:
 * - ceiling: a bare node:http server that reads the body and answers 202 — what this machine and load
 *   generator allow at the time, the yardstick for the others (the machine is shared, so absolute numbers
 *   move with its load);
 * - accepted: unique valid beacons, every check on, limits out of the way;
 * - rate-limited flood: one client far past its limit;
 * - hostile flood: the fuzz test's mix (oversized, malformed, foreign origins…);
 * - 60 s flood (BENCH_RUM_FLOOD_SECONDS): unique valid beacons from rotating clients behind one trusted
 *   proxy, filling the id set, the client table and the series cap, with the server's RSS sampled every 5 s.
 */
import autocannon from 'autocannon';
import express from 'express';
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { hostileRequests } from '../test/rum/hostile-beacons';
import { createRumEndpoint } from '../src/rum/rum-endpoint';

export type RumVariant = 'ceiling' | 'accepted' | 'rate-limited flood' | 'hostile flood' | 'flood';
export const RUM_VARIANTS: RumVariant[] = ['ceiling', 'accepted', 'rate-limited flood', 'hostile flood'];

const RSS_SAMPLE_MS = 5000;
const OPEN = { ratePerSecond: 1e9, burst: 1e9 };

/** Child process: one variant's server; reports its port, then its RSS figures on request. */
function serveRum(variant: RumVariant): void {
  const endpoint = createRumEndpoint({
    registry: new Registry(),
    pages: [{ pattern: '/' }, { pattern: '/products/:id' }, { pattern: '/checkout' }],
    allowedOrigins: ['https://shop.example'],
    rateLimit:
      variant === 'rate-limited flood'
        ? {
            perClient: { ratePerSecond: 5, burst: 20 },
            global: { ratePerSecond: 500, burst: 1000 },
            maxTrackedClients: 10_000,
          }
        : { perClient: OPEN, global: OPEN, maxTrackedClients: 10_000 },
    maxSeriesPerMetric: 500,
    dedupeCapacity: 50_000,
    trustProxy: variant === 'flood' ? 1 : false,
  });
  const app = express(); // what the exporter puts behind /rum; no request here reaches it
  const listener: http.RequestListener =
    variant === 'ceiling'
      ? (req, res) => {
          req.resume();
          req.on('end', () => res.writeHead(202, { 'Content-Length': 2 }).end('{}'));
        }
      : (req, res) => {
          if (!endpoint.handle(req, res)) app(req, res);
        };
  let peakRss = process.memoryUsage().rss;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50).unref();
  const samples: number[] = [];
  let cpuAtStart = process.cpuUsage();
  const server = http.createServer(listener).listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', (message) => {
    if (message === 'start') {
      cpuAtStart = process.cpuUsage();
      samples.push(process.memoryUsage().rss);
      setInterval(() => samples.push(process.memoryUsage().rss), RSS_SAMPLE_MS).unref();
    } else if (message === 'stop') {
      // A clean exit (not a kill) so that --cpu-prof, when BENCH_CPU_PROF asks for it, writes its profile.
      process.exit(0);
    } else {
      const cpu = process.cpuUsage(cpuAtStart);
      process.send!({
        peakRssBytes: Math.max(peakRss, process.memoryUsage().rss),
        samples,
        cpuMicros: cpu.user + cpu.system,
      });
    }
  });
}

export interface RumResult {
  variant: RumVariant;
  requestsPerSecond: number;
  share2xx: number;
  errors: number;
  /**
   * The server process's CPU time (user + system) per request answered. On a shared machine requests/s
   * follow the load average; this follows the code: 1,000,000 / it is what one core could answer.
   */
  serverCpuMicrosPerRequest: number;
  peakRssMiB: number;
  /** RSS every 5 s from the start of the load, MiB (the 60 s flood only). */
  rssSamplesMiB?: number[];
}

/** Runs one variant against a fresh server process for `seconds` with `connections` connections. */
export async function measureRum(
  variant: RumVariant,
  seconds: number,
  connections: number,
): Promise<RumResult> {
  const child = fork(__filename, ['serve-rum', variant], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each server child, for chrome://inspect or speedscope.
    execArgv: process.env.BENCH_CPU_PROF
      ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : process.execArgv,
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m) => resolve((m as { port: number }).port)),
  );
  const hostile = hostileRequests(2000, 7).filter((r) => !Array.isArray(r.body));
  let serial = 0;
  child.send('start');
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/rum`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0)' },
    requests: [
      {
        setupRequest(request) {
          serial++;
          if (variant === 'hostile flood') {
            const r = hostile[serial % hostile.length]!;
            return { ...request, headers: { ...request.headers, ...r.headers }, body: r.body as string };
          }
          // Template strings rather than JSON.stringify: the generator shares the machine's two cores.
          const body = `{"page":"https://shop.example/products/${serial % 1000}","metrics":[{"name":"LCP","value":${1000 + (serial % 3000)},"id":"b-${serial}"}]}`;
          if (variant !== 'flood') return { ...request, body };
          // Rotating clients behind one proxy: 203.0.x.y as the proxy saw them, a forged entry left of it.
          const client = `203.0.${(serial >> 8) & 255}.${serial & 255}`;
          const forwarded = `10.9.${serial & 255}.1, ${client}`;
          return { ...request, headers: { ...request.headers, 'x-forwarded-for': forwarded }, body };
        },
      },
    ],
  });
  child.send('figures');
  const { peakRssBytes, samples, cpuMicros } = await new Promise<{
    peakRssBytes: number;
    samples: number[];
    cpuMicros: number;
  }>((resolve) => child.once('message', (m) => resolve(m as never)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await exited;
  const mib = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));
  return {
    variant,
    requestsPerSecond: Math.round(result.requests.average),
    share2xx: result.requests.total === 0 ? 0 : Number((result['2xx'] / result.requests.total).toFixed(3)),
    errors: result.errors,
    serverCpuMicrosPerRequest:
      result.requests.total === 0 ? 0 : Number((cpuMicros / result.requests.total).toFixed(1)),
    peakRssMiB: mib(peakRssBytes),
    ...(variant === 'flood' ? { rssSamplesMiB: samples.map(mib) } : {}),
  };
}

if (process.argv[2] === 'serve-rum') serveRum(process.argv[3] as RumVariant);

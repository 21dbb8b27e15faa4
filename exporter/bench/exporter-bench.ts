/**
 * `npm run bench:exporter`: the standalone exporter's costs, side by side in one run.
 * 1. /rum: beacons per second accepted (unique valid beacons, limits out of the way) and handled under a
 *    flood (one client past its rate limit; a hostile mix), each served by its own child process so the
 *    load generator does not share its event loop; peak RSS of each child.
 * 2. PostgreSQL: scrape duration with 5,000 distinct statements in pg_stat_statements, exporting the
 *    default top 100 against all 5,000, on a real PostgreSQL 15.
 * 3. Host: one host-collector scrape against prom-client's default process metrics on the same machine.
 * Prints a table and, last, one JSON line.
 */
import { startPostgres } from '@perflens/test-harness';
import autocannon from 'autocannon';
import express from 'express';
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import pino from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerHostCollector } from '../src/collectors/host/host-collector';
import { registerPostgresCollector } from '../src/collectors/postgres/postgres-collector';
import { hostileRequests } from '../test/rum/hostile-beacons';
import { createRumEndpoint } from '../src/rum/rum-endpoint';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const STATEMENTS = 5000;
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 15);

type RumVariant = 'accepted' | 'rate-limited flood' | 'hostile flood';
const RUM_VARIANTS: RumVariant[] = ['accepted', 'rate-limited flood', 'hostile flood'];

/** Child process: the /rum endpoint alone, limits per variant; reports its port, then peak RSS on request. */
async function serveRum(variant: RumVariant): Promise<void> {
  const open = { ratePerSecond: 1e9, burst: 1e9 };
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
        : { perClient: open, global: open, maxTrackedClients: 10_000 },
    maxSeriesPerMetric: 500,
    dedupeCapacity: 50_000,
  });
  const app = express();
  app.use(endpoint.router);
  let peakRss = process.memoryUsage().rss;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50).unref();
  const server = http.createServer(app).listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', () => process.send!({ peakRssBytes: Math.max(peakRss, process.memoryUsage().rss) }));
}

async function measureRum(variant: RumVariant) {
  const child: ChildProcess = fork(__filename, ['serve-rum', variant], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m) => resolve((m as { port: number }).port)),
  );
  const hostile = hostileRequests(2000, 7).filter((r) => !Array.isArray(r.body));
  let serial = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/rum`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0)' },
    requests: [
      {
        setupRequest(request) {
          serial++;
          if (variant === 'hostile flood') {
            const r = hostile[serial % hostile.length]!;
            return { ...request, headers: { ...request.headers, ...r.headers }, body: r.body as string };
          }
          const page = `https://shop.example/products/${serial % 1000}`;
          return {
            ...request,
            body: JSON.stringify({
              page,
              metrics: [{ name: 'LCP', value: 1000 + (serial % 3000), id: `b-${serial}` }],
            }),
          };
        },
      },
    ],
  });
  child.send('peak');
  const { peakRssBytes } = await new Promise<{ peakRssBytes: number }>((resolve) =>
    child.once('message', (m) => resolve(m as never)),
  );
  child.kill();
  return {
    variant,
    requestsPerSecond: Math.round(result.requests.average),
    share2xx: result.requests.total === 0 ? 0 : Number((result['2xx'] / result.requests.total).toFixed(3)),
    errors: result.errors,
    peakRssMiB: Number((peakRssBytes / 2 ** 20).toFixed(1)),
  };
}

async function medianMs(run: () => Promise<unknown>, samples = SCRAPES): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Number(times[Math.floor(times.length / 2)]!.toFixed(2));
}

async function measurePostgres() {
  const postgres = await startPostgres({ settings: { 'pg_stat_statements.max': String(STATEMENTS * 2) } });
  try {
    const dsn = await postgres.createDatabase('bench');
    const client = new Client({ connectionString: dsn });
    client.on('error', () => undefined); // the server stops under it if a step below fails
    await client.connect();
    await client.query('SELECT pg_stat_statements_reset()');
    // Constants are normalized away, so distinct statements need distinct shapes: 100 column counts times
    // 50 expression lengths (PostgreSQL allows at most 1,664 result columns, so columns alone cannot).
    for (let columns = 1; columns <= 100; columns++) {
      for (let terms = 1; terms <= STATEMENTS / 100; terms++) {
        const expression = Array.from({ length: terms }, () => '1').join(' + ');
        await client.query(`SELECT ${Array.from({ length: columns }, () => expression).join(', ')}`);
      }
    }
    const distinct = (await client.query('SELECT count(*)::int AS n FROM pg_stat_statements')).rows[0]
      .n as number;
    await client.end();
    const logger = pino({ level: 'silent' });
    const registryFor = (statementsLimit: number) => {
      const registry = new Registry();
      const collector = registerPostgresCollector(registry, {
        dsns: [dsn],
        timeoutMs: 30_000,
        relationsLimit: 500,
        statementsLimit,
        logger,
      });
      return { registry, collector };
    };
    const top = registryFor(100);
    const all = registryFor(STATEMENTS);
    await top.registry.metrics(); // connect and warm up both
    await all.registry.metrics();
    const topMs = await medianMs(() => top.registry.metrics());
    const allMs = await medianMs(() => all.registry.metrics());
    const sizes = [(await top.registry.metrics()).length, (await all.registry.metrics()).length];
    await Promise.all([top.collector.close(), all.collector.close()]);
    return {
      statementsInView: distinct,
      top100ScrapeMs: topMs,
      all5000ScrapeMs: allMs,
      top100Bytes: sizes[0]!,
      all5000Bytes: sizes[1]!,
    };
  } finally {
    await postgres.stop();
  }
}

async function measureHost() {
  const host = new Registry();
  registerHostCollector(host, { timeoutMs: 5000 });
  const defaults = new Registry();
  collectDefaultMetrics({ register: defaults });
  await host.metrics();
  await defaults.metrics();
  const samples = 200;
  return {
    hostScrapeMs: await medianMs(() => host.metrics(), samples),
    promClientDefaultsScrapeMs: await medianMs(() => defaults.metrics(), samples),
    hostSeries: (await host.metrics()).split('\n').filter((l) => l !== '' && !l.startsWith('#')).length,
  };
}

async function main(): Promise<void> {
  const rum = [];
  for (const variant of RUM_VARIANTS) rum.push(await measureRum(variant));
  const postgres = await measurePostgres();
  const host = await measureHost();
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(`\n/rum (${CONNECTIONS} connections, ${SECONDS} s each)`);
  console.table(rum);
  console.log(
    `PostgreSQL scrape, ${postgres.statementsInView} statements in pg_stat_statements (median of ${SCRAPES})`,
  );
  console.table([postgres]);
  console.log('Host collector scrape against prom-client default metrics (median of 200)');
  console.table([host]);
  console.log(JSON.stringify({ rum, postgres, host }));
}

if (process.argv[2] === 'serve-rum') {
  void serveRum(process.argv[3] as RumVariant);
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

/**
 * `npm run bench:exporter`: the standalone exporter's costs, side by side in one run.
 * 1. /rum (rum-bench.ts): beacons per second accepted (unique valid beacons, limits out of the way) and
 *    handled under a flood (one client past its rate limit; a hostile mix) beside a bare node:http
 *    ceiling, each served by its own child process; peak RSS of each child; optionally a long flood with
 *    RSS sampled every 5 s.
 * 2. PostgreSQL: scrape duration with 5,000 distinct statements in pg_stat_statements, exporting the
 *    default top 100 against all 5,000, on a real PostgreSQL 15.
 * 3. Host: one host-collector scrape against prom-client's default process metrics on the same machine.
 * Prints a table and, last, one JSON line.
 */
import { startPostgres } from '@perflens/test-harness';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import pino from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerHostCollector } from '../src/collectors/host/host-collector';
import { registerPostgresCollector } from '../src/collectors/postgres/postgres-collector';
import { measureRum, RUM_VARIANTS as ALL_RUM_VARIANTS, type RumResult } from './rum-bench';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const STATEMENTS = 5000;
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 15);

/** BENCH_RUM_VARIANTS=ceiling,accepted (comma-separated) runs only those /rum variants. */
const RUM_VARIANTS = process.env.BENCH_RUM_VARIANTS
  ? ALL_RUM_VARIANTS.filter((v) => process.env.BENCH_RUM_VARIANTS!.split(',').includes(v))
  : ALL_RUM_VARIANTS;
/** BENCH_RUM_FLOOD_SECONDS=60 adds the flood with RSS sampled every 5 s (memory must stay flat). */
const FLOOD_SECONDS = Number(process.env.BENCH_RUM_FLOOD_SECONDS ?? 0);
/** BENCH_PARTS=rum (or postgres, host; comma-separated) runs only those parts; all by default. */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'rum,postgres,host').split(','));

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
  const rum: RumResult[] = [];
  if (PARTS.has('rum')) {
    for (const variant of RUM_VARIANTS) rum.push(await measureRum(variant, SECONDS, CONNECTIONS));
    if (FLOOD_SECONDS > 0) rum.push(await measureRum('flood', FLOOD_SECONDS, CONNECTIONS));
  }
  const postgres = PARTS.has('postgres') ? await measurePostgres() : undefined;
  const host = PARTS.has('host') ? await measureHost() : undefined;
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  console.log(`\n/rum (${CONNECTIONS} connections, ${SECONDS} s each; flood ${FLOOD_SECONDS} s)`);
  console.table(rum.map(({ rssSamplesMiB: _samples, ...row }) => row));
  const flood = rum.find((r) => r.rssSamplesMiB);
  if (flood?.rssSamplesMiB) {
    const rss = flood.rssSamplesMiB;
    console.log(
      `flood RSS every 5 s (MiB): ${rss.join(', ')}; first ${rss[0]}, last ${rss.at(-1)}, max ${Math.max(...rss)}`,
    );
  }
  if (postgres) {
    console.log(
      `PostgreSQL scrape, ${postgres.statementsInView} statements in pg_stat_statements (median of ${SCRAPES})`,
    );
    console.table([postgres]);
  }
  if (host) {
    console.log('Host collector scrape against prom-client default metrics (median of 200)');
    console.table([host]);
  }
  console.log(JSON.stringify({ rum, postgres, host }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

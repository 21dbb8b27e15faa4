/**
 * `npm run bench:http`: what Perflens costs next to what users would pick instead.
 * - HTTP: the same Express app bare, with Perflens (with and without per-route database attribution),
 *   with express-prom-bundle (method, path, status) and with the OpenTelemetry Node SDK (http + express
 *   instrumentation, Prometheus exporter), on a trivial and a realistic route. Each variant is its own
 *   child process (OpenTelemetry patches modules at require time); autocannon loads them in rounds that
 *   interleave the variants, so drift on the machine affects all alike; ratios are taken per round.
 * - pg: queries/s bare, with Perflens's pg instrumentation and per-request database time, with
 *   OpenTelemetry's pg instrumentation (pg-bench.ts).
 * - memory of 1,500 series, and /metrics render time and bytes (series-memory.ts, metrics-render-bench.ts).
 * Prints tables and, last, one JSON line. BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_PG_ROUNDS
 * and BENCH_PG_SECONDS lengthen it (defaults keep the whole run under 3 minutes).
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { forkBenchChild, median, nextMessage, ratioSummary } from './bench-processes';

type RatioSummary = ReturnType<typeof ratioSummary>;
import {
  BENCH_DIAGNOSTIC_VARIANTS,
  BENCH_ROUTES,
  BENCH_VARIANTS as ALL_VARIANTS,
  type BenchRoute,
  type BenchVariant,
} from './bench-servers';
import { measureMetricsRender } from './metrics-render-bench';
import { runPgBench } from './pg-bench';
import { MEMORY_VARIANTS, type SeriesMemoryResult } from './series-memory';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PG_ROUNDS = Number(process.env.BENCH_PG_ROUNDS ?? 3);
const PG_SECONDS = Number(process.env.BENCH_PG_SECONDS ?? 3);
const ROUTES = Object.keys(BENCH_ROUTES) as BenchRoute[];
/** BENCH_HTTP_VARIANTS=bare,perflens narrows the HTTP part (bare is always kept: ratios are to it). */
const BENCH_VARIANTS: readonly BenchVariant[] = process.env.BENCH_HTTP_VARIANTS
  ? [...ALL_VARIANTS, ...BENCH_DIAGNOSTIC_VARIANTS].filter(
      (v) => v === 'bare' || process.env.BENCH_HTTP_VARIANTS!.split(',').includes(v),
    )
  : ALL_VARIANTS;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function startVariant(variant: BenchVariant): Promise<{ child: ChildProcess; port: number }> {
  const child = forkBenchChild('http', variant);
  const { port } = await nextMessage<{ port: number }>(
    child,
    `http ${variant}`,
    (m) => 'port' in (m as object),
  );
  return { child, port };
}

interface LoadResult {
  requestsPerSecond: number;
  /** Server CPU time (user + system) per request served, in microseconds. */
  cpuMicrosPerRequest: number;
}

async function cpuMicros(child: ChildProcess): Promise<number> {
  const answer = nextMessage<{ cpuMicros: number }>(child, 'cpu', (m) => 'cpuMicros' in (m as object));
  child.send('cpu');
  return (await answer).cpuMicros;
}

async function load(
  server: { child: ChildProcess; port: number },
  path: string,
  seconds: number,
): Promise<LoadResult> {
  const cpuBefore = await cpuMicros(server.child);
  const result = await runAutocannon(server.port, path, seconds);
  const cpu = (await cpuMicros(server.child)) - cpuBefore;
  return { requestsPerSecond: result.requests.average, cpuMicrosPerRequest: cpu / result.requests.total };
}

async function runAutocannon(port: number, path: string, seconds: number): Promise<autocannon.Result> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `benchmark requests to ${path} on port ${port} failed: ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  }
  return result;
}

type HttpRounds = Record<BenchRoute, Record<BenchVariant, LoadResult[]>>;

async function runHttpBench(): Promise<HttpRounds> {
  const servers = new Map<BenchVariant, { child: ChildProcess; port: number }>();
  const rounds = Object.fromEntries(
    ROUTES.map((route) => [route, Object.fromEntries(BENCH_VARIANTS.map((v) => [v, [] as LoadResult[]]))]),
  ) as HttpRounds;
  try {
    for (const variant of BENCH_VARIANTS) servers.set(variant, await startVariant(variant));
    for (const route of ROUTES) {
      for (const { port } of servers.values()) await runAutocannon(port, BENCH_ROUTES[route], 1); // warm-up
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const route of ROUTES) {
        for (const variant of BENCH_VARIANTS) {
          const result = await load(servers.get(variant)!, BENCH_ROUTES[route], SECONDS);
          rounds[route][variant].push(result);
          log(
            `http round ${round}/${ROUNDS} ${route.padEnd(9)} ${variant.padEnd(24)} ${result.requestsPerSecond.toFixed(0)} req/s, ${result.cpuMicrosPerRequest.toFixed(1)} µs CPU/request`,
          );
        }
      }
    }
  } finally {
    for (const { child } of servers.values()) child.disconnect();
  }
  return rounds;
}

async function runMemoryBench(): Promise<SeriesMemoryResult[]> {
  const results: SeriesMemoryResult[] = [];
  for (const variant of MEMORY_VARIANTS) {
    const child = forkBenchChild('memory', variant, { execArgv: ['--expose-gc'] });
    results.push(
      await nextMessage<SeriesMemoryResult>(child, `memory ${variant}`, (m) => 'rssBytes' in (m as object)),
    );
  }
  return results;
}

function httpSummary(rounds: HttpRounds) {
  return Object.fromEntries(
    ROUTES.map((route) => {
      const bare = rounds[route].bare;
      return [
        route,
        Object.fromEntries(
          BENCH_VARIANTS.map((v) => {
            const values = rounds[route][v];
            return [
              v,
              {
                rps: median(values.map((r) => r.requestsPerSecond)),
                ratio: ratioSummary(values.map((r, i) => r.requestsPerSecond / bare[i]!.requestsPerSecond)),
                cpuMicros: median(values.map((r) => r.cpuMicrosPerRequest)),
                // Throughput the variant would keep with the CPU to itself: bare's CPU per request over its own.
                cpuRatio: ratioSummary(
                  values.map((r, i) => bare[i]!.cpuMicrosPerRequest / r.cpuMicrosPerRequest),
                ),
              },
            ];
          }),
        ),
      ];
    }),
  ) as Record<
    BenchRoute,
    Record<BenchVariant, { rps: number; ratio: RatioSummary; cpuMicros: number; cpuRatio: RatioSummary }>
  >;
}

/** BENCH_PARTS=http,pg,memory,render (default: all) runs only some parts, e.g. while profiling. */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'http,pg,memory,render').split(','));

async function main(): Promise<void> {
  const loadAtStart = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const http = PARTS.has('http') ? httpSummary(await runHttpBench()) : undefined;
  const pg = PARTS.has('pg') ? await runPgBench(PG_ROUNDS, PG_SECONDS, log) : undefined;
  const memory = PARTS.has('memory') ? await runMemoryBench() : undefined;
  const render = PARTS.has('render') ? await measureMetricsRender() : undefined;
  const loadAtEnd = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

  console.log(
    `\nmachine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadAtStart} at start, ${loadAtEnd} at end`,
  );
  if (http) {
    console.log(
      `HTTP, ${CONNECTIONS} connections, ${ROUNDS}×${SECONDS}s interleaved rounds; ratios per round, median [min–max]`,
    );
    for (const route of ROUTES) {
      console.log(`\nGET ${BENCH_ROUTES[route]} (${route})`);
      console.log(
        '| variant | req/s | throughput vs bare | server CPU µs/request | bare CPU / variant CPU |',
      );
      console.log('|---|---:|---:|---:|---:|');
      for (const v of BENCH_VARIANTS) {
        const { rps, ratio, cpuMicros, cpuRatio } = http[route][v];
        console.log(
          `| ${v} | ${rps.toFixed(0)} | ${formatRatio(ratio)} | ${cpuMicros.toFixed(1)} | ${formatRatio(cpuRatio)} |`,
        );
      }
    }
  }
  if (pg) {
    console.log(`\npg, ${pg.rounds}×${pg.secondsPerRound}s interleaved rounds`);
    console.log(
      '| variant | queries/s | vs bare | client CPU µs/query | bare CPU / variant CPU | bare user CPU / variant user CPU |\n|---|---:|---:|---:|---:|---:|',
    );
    for (const [v, qps] of Object.entries(pg.queriesPerSecond)) {
      const variant = v as keyof typeof pg.ratioToBare;
      console.log(
        `| ${v} | ${qps} | ${formatRatio(pg.ratioToBare[variant]!)} | ${pg.cpuMicrosPerQuery[variant]} | ${formatRatio(pg.cpuRatioToBare[variant]!)} | ${formatRatio(pg.userCpuRatioToBare[variant]!)} |`,
      );
    }
  }
  if (memory) {
    console.log(
      `\nmemory of ${memory[0]?.series ?? 0} series (after - before, forced GC)\n| variant | RSS MB | heap MB |\n|---|---:|---:|`,
    );
    for (const m of memory) {
      console.log(
        `| ${m.variant} | ${(m.rssBytes / 1e6).toFixed(1)} | ${(m.heapUsedBytes / 1e6).toFixed(1)} |`,
      );
    }
  }
  if (render) {
    console.log(
      `\n/metrics render, ${render.series} label sets (median of ${render.samples} interleaved samples):`,
    );
    console.log(
      `perflens ${render.perflensMs.toFixed(2)} ms for ${render.perflensBytes} bytes; prom-client on the same registry ${render.promClientMs.toFixed(2)} ms; express-prom-bundle ${render.bundleMs.toFixed(2)} ms for ${render.bundleBytes} bytes`,
    );
    console.log(
      `event-loop delay during a scrape of ${render.delaySeries} series: perflens ${render.scrapeDelayMaxMs.perflens.toFixed(1)} ms, prom-client ${render.scrapeDelayMaxMs.promClient.toFixed(1)} ms`,
    );
  }

  const perRoute = <T>(pick: (route: BenchRoute, v: BenchVariant) => T) =>
    Object.fromEntries(
      ROUTES.map((route) => [route, Object.fromEntries(BENCH_VARIANTS.map((v) => [v, pick(route, v)]))]),
    );
  console.log(
    JSON.stringify({
      bench: 'http',
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      ...(http && {
        throughputRatioToBare: perRoute((r, v) => http[r][v].ratio.median).trivial,
        throughputRatioToBareRealistic: perRoute((r, v) => http[r][v].ratio.median).realistic,
        throughputRatioSpread: perRoute((r, v) => [http[r][v].ratio.min, http[r][v].ratio.max]),
        requestsPerSecond: perRoute((r, v) => Math.round(http[r][v].rps)),
        cpuMicrosPerRequest: perRoute((r, v) => Number(http[r][v].cpuMicros.toFixed(1))),
        cpuRatioToBare: perRoute((r, v) => http[r][v].cpuRatio.median),
      }),
      ...(pg && {
        pg: {
          queriesPerSecond: pg.queriesPerSecond,
          ratioToBare: pg.ratioToBare,
          cpuMicrosPerQuery: pg.cpuMicrosPerQuery,
          cpuRatioToBare: pg.cpuRatioToBare,
          userCpuMicrosPerQuery: pg.userCpuMicrosPerQuery,
          userCpuRatioToBare: pg.userCpuRatioToBare,
        },
      }),
      ...(memory && {
        seriesMemoryBytes: Object.fromEntries(
          memory.map((m) => [m.variant, { rss: m.rssBytes, heapUsed: m.heapUsedBytes }]),
        ),
      }),
      ...(render && {
        metricsRenderBytes: { perflens: render.perflensBytes, expressPromBundle: render.bundleBytes },
        metricsRenderMs: {
          perflens: Number(render.perflensMs.toFixed(2)),
          promClientSameRegistry: Number(render.promClientMs.toFixed(2)),
          expressPromBundle: Number(render.bundleMs.toFixed(2)),
          series: render.series,
        },
        scrapeEventLoopDelayMaxMs: {
          series: render.delaySeries,
          perflens: Number(render.scrapeDelayMaxMs.perflens.toFixed(1)),
          promClient: Number(render.scrapeDelayMaxMs.promClient.toFixed(1)),
        },
      }),
    }),
  );
}

function formatRatio(ratio: RatioSummary): string {
  return `${ratio.median.toFixed(3)} [${ratio.min.toFixed(3)}–${ratio.max.toFixed(3)}]`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

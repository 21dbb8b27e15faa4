/**
 * `npm run bench:http`: the same Express app bare, with Perflens (with and without per-route database
 * attribution) and with express-prom-bundle (method, path, status), each served by its own child
 * process and loaded by autocannon in rounds that interleave the variants, so drift on the machine
 * affects all alike. Prints a table and, last, one JSON line.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { BENCH_VARIANTS, serveVariant, type BenchVariant } from './bench-servers';
import { measureMetricsRender } from './metrics-render-bench';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

interface RoundResult {
  requestsPerSecond: number;
  p99Ms: number;
}

async function startVariant(variant: BenchVariant): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(__filename, ['serve', variant], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${String(code)}`)));
  });
  return { child, port };
}

async function load(port: number, path: string, seconds: number): Promise<RoundResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `benchmark requests failed on port ${port}: ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  }
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const servers = new Map<BenchVariant, { child: ChildProcess; port: number }>();
  for (const variant of BENCH_VARIANTS) servers.set(variant, await startVariant(variant));
  const rounds = new Map<BenchVariant, RoundResult[]>(BENCH_VARIANTS.map((v) => [v, []]));
  try {
    for (const { port } of servers.values()) await load(port, '/hello', 1); // warm-up (JIT, sockets)
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of BENCH_VARIANTS) {
        const result = await load(servers.get(variant)!.port, '/hello', SECONDS);
        rounds.get(variant)!.push(result);
        process.stderr.write(
          `round ${round}/${ROUNDS} ${variant.padEnd(24)} ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99Ms} ms\n`,
        );
      }
    }
  } finally {
    for (const { child } of servers.values()) child.disconnect();
  }

  const summary = Object.fromEntries(
    BENCH_VARIANTS.map((v) => {
      const results = rounds.get(v)!;
      return [
        v,
        {
          requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
          p99Ms: median(results.map((r) => r.p99Ms)),
        },
      ];
    }),
  ) as Record<BenchVariant, RoundResult>;
  const bare = summary.bare.requestsPerSecond;
  const render = await measureMetricsRender();

  console.log(
    `\nHTTP instrumentation overhead, GET /hello, ${CONNECTIONS} connections, ${ROUNDS}×${SECONDS}s interleaved rounds (median)`,
  );
  console.log(`machine: ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
  console.log('| variant | req/s | p99 ms | throughput vs bare |\n|---|---|---|---|');
  for (const v of BENCH_VARIANTS) {
    console.log(
      `| ${v} | ${summary[v].requestsPerSecond.toFixed(0)} | ${summary[v].p99Ms} | ${(summary[v].requestsPerSecond / bare).toFixed(3)} |`,
    );
  }
  console.log(`\n/metrics render, ${render.series} label sets (100 routes × 3 methods × 5 statuses):`);
  console.log(
    `perflens ${render.perflensMs.toFixed(2)} ms for ${render.perflensBytes} bytes, express-prom-bundle ${render.bundleMs.toFixed(2)} ms for ${render.bundleBytes} bytes (median of ${render.samples})`,
  );
  const ratio = (v: BenchVariant) => Number((summary[v].requestsPerSecond / bare).toFixed(3));
  console.log(
    JSON.stringify({
      bench: 'http',
      requestsPerSecond: Object.fromEntries(
        BENCH_VARIANTS.map((v) => [v, Math.round(summary[v].requestsPerSecond)]),
      ),
      p99Ms: Object.fromEntries(BENCH_VARIANTS.map((v) => [v, summary[v].p99Ms])),
      throughputRatioToBare: Object.fromEntries(BENCH_VARIANTS.map((v) => [v, ratio(v)])),
      perflensVsPromBundle: Number(
        (summary.perflens.requestsPerSecond / summary['express-prom-bundle'].requestsPerSecond).toFixed(3),
      ),
      metricsRenderBytes: { perflens: render.perflensBytes, expressPromBundle: render.bundleBytes },
      metricsRenderMs: {
        perflens: Number(render.perflensMs.toFixed(2)),
        expressPromBundle: Number(render.bundleMs.toFixed(2)),
        series: render.series,
      },
    }),
  );
}

if (process.argv[2] === 'serve') {
  serveVariant(process.argv[3] as BenchVariant);
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

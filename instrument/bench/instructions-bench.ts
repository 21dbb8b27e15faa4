/**
 * `npm run bench:instructions`: machine instructions the server executes per request, counted by valgrind
 * (callgrind), for each HTTP bench variant on the same route. Throughput and CPU time on a shared 2-core
 * machine swing by ±15% from round to round, more than the few percent that separate the instrumented
 * variants; an instruction count moves far less with what else runs (up to 3.3% between runs, whose cause
 * was not found: BENCHMARKS.md, "Instructions per request"). Each server runs under
 * `node --predictable` (V8 compiles and collects garbage on the main thread, in a fixed order), is warmed
 * up until its code is optimized, and only the requests after that are counted. One connection by default:
 * with several, how many requests a server finds per event-loop turn depends on timing, and so does what
 * each costs (10 connections gave one build 672,000 and 713,000 instructions per request in two runs).
 * Instructions are not time (cache misses and the cost of each instruction differ), so the figure
 * complements `bench:http` rather than replacing it.
 *
 * Needs valgrind (`apt-get install valgrind`). BENCH_INSTRUCTION_VARIANTS (default: every HTTP variant),
 * BENCH_INSTRUCTION_ROUTE (trivial or realistic; default trivial), BENCH_INSTRUCTION_CONNECTIONS (1),
 * BENCH_WARMUP_REQUESTS (12000) and BENCH_COUNTED_REQUESTS (3000) change the run; BENCH_PERFLENS_BEFORE
 * adds the perflens-before variant as in `bench:http`. Under valgrind a server serves about 100 requests/s, so a variant takes about 3 minutes;
 * two run at a time.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nextMessage } from './bench-processes';
import { BENCH_ROUTES, BENCH_VARIANTS, type BenchRoute, type BenchVariant } from './bench-servers';

const WARMUP_REQUESTS = Number(process.env.BENCH_WARMUP_REQUESTS ?? 12_000);
const COUNTED_REQUESTS = Number(process.env.BENCH_COUNTED_REQUESTS ?? 3_000);
const ROUTE = (process.env.BENCH_INSTRUCTION_ROUTE ?? 'trivial') as BenchRoute;
const CONNECTIONS = Number(process.env.BENCH_INSTRUCTION_CONNECTIONS ?? 1);
const CONCURRENT_VARIANTS = 2;
const CHILD_ENTRY = path.join(__dirname, 'bench-child.ts');

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function variantsToRun(): BenchVariant[] {
  const named = process.env.BENCH_INSTRUCTION_VARIANTS?.split(',');
  const all: BenchVariant[] = [...BENCH_VARIANTS];
  if (process.env.BENCH_PERFLENS_BEFORE !== undefined) all.push('perflens-before');
  const chosen = named === undefined ? all : all.filter((v) => v === 'bare' || named.includes(v));
  const unknown = named?.filter((v) => !all.includes(v as BenchVariant)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_INSTRUCTION_VARIANTS: unknown variant(s) ${unknown.join(', ')} (known: ${all.join(', ')})`,
    );
  }
  return chosen;
}

function checkSetup(): void {
  if (!(ROUTE in BENCH_ROUTES)) {
    throw new Error(
      `BENCH_INSTRUCTION_ROUTE=${ROUTE}: expected one of ${Object.keys(BENCH_ROUTES).join(', ')}`,
    );
  }
  for (const tool of ['valgrind', 'callgrind_control']) {
    if (spawnSync(tool, ['--help'], { stdio: 'ignore' }).error !== undefined) {
      throw new Error(`${tool} not found: this benchmark needs valgrind (apt-get install valgrind)`);
    }
  }
}

async function requests(port: number, amount: number): Promise<void> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${BENCH_ROUTES[ROUTE]}`,
    connections: CONNECTIONS,
    amount,
    timeout: 60,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `instructions bench: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
}

function callgrindControl(option: string, pid: number): void {
  const run = spawnSync('callgrind_control', [option, String(pid)], { encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`callgrind_control ${option} ${pid} failed: ${run.stderr || run.stdout}`);
}

/** The instruction total of the dump callgrind wrote for `pid` (the `totals:` line). */
function dumpedInstructions(directory: string): number {
  const dump = readdirSync(directory).find((name) => /^callgrind\.out\.\d+\.\d+$/.test(name));
  if (dump === undefined) throw new Error(`instructions bench: callgrind wrote no dump in ${directory}`);
  const totals = /^(?:totals|summary): (\d+)/m.exec(readFileSync(path.join(directory, dump), 'utf8'));
  if (totals === null) throw new Error(`instructions bench: no totals line in ${dump}`);
  return Number(totals[1]);
}

/** Starts `variant` under callgrind, warms it up, and counts the instructions of COUNTED_REQUESTS. */
async function instructionsPerRequest(variant: BenchVariant): Promise<number> {
  const directory = mkdtempSync(path.join(os.tmpdir(), `perflens-instructions-${variant}-`));
  let child: ChildProcess | undefined;
  try {
    child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        // V8 writes machine code at run time: valgrind must re-translate it when it changes.
        '--smc-check=all-non-file',
        `--callgrind-out-file=${path.join(directory, 'callgrind.out.%p')}`,
        process.execPath,
        '--predictable',
        '--import',
        'tsx',
        CHILD_ENTRY,
        'http',
        variant,
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: process.env },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
    const { port } = await nextMessage<{ port: number }>(
      child,
      `valgrind ${variant}`,
      (m) => 'port' in (m as object),
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}`);
    });
    log(`${variant}: listening under valgrind, ${WARMUP_REQUESTS} warm-up requests`);
    await requests(port, WARMUP_REQUESTS);
    callgrindControl('--zero', child.pid!);
    await requests(port, COUNTED_REQUESTS);
    callgrindControl('--dump', child.pid!);
    const perRequest = dumpedInstructions(directory) / COUNTED_REQUESTS;
    log(`${variant}: ${Math.round(perRequest)} instructions per request`);
    return perRequest;
  } finally {
    child?.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  checkSetup();
  const variants = variantsToRun();
  log(
    `instructions per request, ${BENCH_ROUTES[ROUTE]} (${ROUTE}), ${WARMUP_REQUESTS} warm-up + ${COUNTED_REQUESTS} ` +
      `counted requests, ${CONNECTIONS} connections, variants: ${variants.join(', ')}`,
  );
  const counts = new Map<BenchVariant, number>();
  const queue = [...variants];
  await Promise.all(
    Array.from({ length: CONCURRENT_VARIANTS }, async () => {
      for (let variant = queue.shift(); variant !== undefined; variant = queue.shift()) {
        counts.set(variant, await instructionsPerRequest(variant));
      }
    }),
  );
  const bare = counts.get('bare')!;
  log(`\n| variant | instructions per request | bare / variant |\n|---|---:|---:|`);
  for (const variant of variants) {
    const count = counts.get(variant)!;
    log(`| ${variant} | ${Math.round(count).toLocaleString('en')} | ${(bare / count).toFixed(3)} |`);
  }
  const round = (n: number): number => Number(n.toFixed(3));
  console.log(
    JSON.stringify({
      bench: 'instructions',
      route: ROUTE,
      instructionsPerRequest: Object.fromEntries(variants.map((v) => [v, Math.round(counts.get(v)!)])),
      ratioToBare: Object.fromEntries(variants.map((v) => [v, round(bare / counts.get(v)!)])),
    }),
  );
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

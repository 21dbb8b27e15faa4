import { startPostgres } from '@perflens/test-harness';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { forkBenchChild, median, nextMessage, ratioSummary } from './bench-processes';

type RatioSummary = ReturnType<typeof ratioSummary>;
import {
  PG_DIAGNOSTIC_VARIANTS,
  PG_VARIANTS as DEFAULT_PG_VARIANTS,
  type PgRoundResult,
  type PgVariant,
} from './pg-bench-worker';

/** BENCH_PG_VARIANTS=bare,perflens,als-only picks the variants (bare is always run: ratios are to it). */
const PG_VARIANTS: readonly PgVariant[] = process.env.BENCH_PG_VARIANTS
  ? ['bare', ...process.env.BENCH_PG_VARIANTS.split(',').filter((v): v is PgVariant => v !== 'bare')]
  : DEFAULT_PG_VARIANTS;
for (const variant of PG_VARIANTS) {
  if (![...DEFAULT_PG_VARIANTS, ...PG_DIAGNOSTIC_VARIANTS].includes(variant))
    throw new Error(`BENCH_PG_VARIANTS: unknown pg variant ${variant}`);
}

export interface PgBenchResult {
  rounds: number;
  secondsPerRound: number;
  queriesPerSecond: Partial<Record<PgVariant, number>>;
  /** Per round, queries/s of the variant over bare's in the same round: median, min, max. */
  ratioToBare: Partial<Record<PgVariant, RatioSummary>>;
  /** Client CPU time per query (µs, median), and per round bare's over the variant's. */
  cpuMicrosPerQuery: Partial<Record<PgVariant, number>>;
  cpuRatioToBare: Partial<Record<PgVariant, RatioSummary>>;
  /** The same with user CPU time only (JavaScript, without the kernel's loopback TCP work). */
  userCpuMicrosPerQuery: Partial<Record<PgVariant, number>>;
  userCpuRatioToBare: Partial<Record<PgVariant, RatioSummary>>;
}

/**
 * Queries/s through a pg Pool, bare, with Perflens's pg instrumentation and per-request database time,
 * and with OpenTelemetry's pg instrumentation, against a throw-away PostgreSQL 15 cluster. Each variant is
 * a child process; rounds run one variant at a time, interleaved, so machine drift hits all alike.
 */
export async function runPgBench(
  rounds: number,
  seconds: number,
  log: (line: string) => void,
): Promise<PgBenchResult> {
  // BENCH_PG_LOOPBACK=1: no server, each query answered in process (loopback-pg-client.ts).
  const cluster = process.env.BENCH_PG_LOOPBACK === '1' ? undefined : await startPostgres();
  const workers = new Map<PgVariant, ChildProcess>();
  try {
    const url = cluster === undefined ? '' : await cluster.createDatabase('pg_bench');
    for (const variant of PG_VARIANTS) {
      const child = forkBenchChild('pg', variant, { env: { BENCH_PG_URL: url } });
      workers.set(variant, child);
      await nextMessage(child, `pg ${variant} start`, (m) => (m as { ready?: boolean }).ready === true);
    }
    const runRound = async (
      variant: PgVariant,
      roundSeconds: number,
    ): Promise<{ qps: number; cpu: number; user: number }> => {
      const child = workers.get(variant)!;
      const answer = nextMessage<PgRoundResult>(child, `pg ${variant}`, (m) => 'queries' in (m as object));
      child.send({ seconds: roundSeconds });
      const result = await answer;
      return {
        qps: result.queries / result.seconds,
        cpu: result.cpuMicros / result.queries,
        user: result.userMicros / result.queries,
      };
    };
    for (const variant of PG_VARIANTS) await runRound(variant, 1); // warm-up (JIT, plans, buffers)
    const perRound = new Map<PgVariant, Array<{ qps: number; cpu: number; user: number }>>(
      PG_VARIANTS.map((v) => [v, []]),
    );
    for (let round = 1; round <= rounds; round++) {
      for (const variant of PG_VARIANTS) {
        const result = await runRound(variant, seconds);
        perRound.get(variant)!.push(result);
        log(
          `pg round ${round}/${rounds} ${variant.padEnd(14)} ${result.qps.toFixed(0)} queries/s, ${result.cpu.toFixed(1)} µs CPU/query (${result.user.toFixed(1)} user), load ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
    const bare = perRound.get('bare')!;
    const entries = PG_VARIANTS.map((v) => {
      const values = perRound.get(v)!;
      return [
        v,
        {
          qps: median(values.map((r) => r.qps)),
          ratios: ratioSummary(values.map((r, i) => r.qps / bare[i]!.qps)),
          cpu: median(values.map((r) => r.cpu)),
          cpuRatios: ratioSummary(values.map((r, i) => bare[i]!.cpu / r.cpu)),
          user: median(values.map((r) => r.user)),
          userRatios: ratioSummary(values.map((r, i) => bare[i]!.user / r.user)),
        },
      ] as const;
    });
    return {
      rounds,
      secondsPerRound: seconds,
      queriesPerSecond: Object.fromEntries(entries.map(([v, e]) => [v, Math.round(e.qps)])) as Record<
        PgVariant,
        number
      >,
      ratioToBare: Object.fromEntries(entries.map(([v, e]) => [v, e.ratios])) as PgBenchResult['ratioToBare'],
      cpuMicrosPerQuery: Object.fromEntries(
        entries.map(([v, e]) => [v, Number(e.cpu.toFixed(1))]),
      ) as PgBenchResult['cpuMicrosPerQuery'],
      cpuRatioToBare: Object.fromEntries(
        entries.map(([v, e]) => [v, e.cpuRatios]),
      ) as PgBenchResult['cpuRatioToBare'],
      userCpuMicrosPerQuery: Object.fromEntries(
        entries.map(([v, e]) => [v, Number(e.user.toFixed(1))]),
      ) as PgBenchResult['userCpuMicrosPerQuery'],
      userCpuRatioToBare: Object.fromEntries(
        entries.map(([v, e]) => [v, e.userRatios]),
      ) as PgBenchResult['userCpuRatioToBare'],
    };
  } finally {
    await Promise.all(
      [...workers.values()].map((child) =>
        child.exitCode !== null
          ? undefined
          : new Promise((resolve) => (child.once('exit', resolve), child.disconnect())),
      ),
    );
    await cluster?.stop();
  }
}

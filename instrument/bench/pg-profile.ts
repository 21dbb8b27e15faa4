/**
 * `npx tsx instrument/bench/pg-profile.ts [variant] [seconds]`: one pg bench worker (pg-bench-worker.ts)
 * under `node --cpu-prof` for one round, then the functions with the most self time and the inclusive
 * time of the ones Perflens adds to a query. Build first (`npx tsc -b instrument`): the worker loads the
 * built package. The profile is left in $BENCH_PROFILE_DIR (default: a temporary directory).
 */
import { startPostgres } from '@perflens/test-harness';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forkBenchChild, nextMessage } from './bench-processes';
import type { PgRoundResult } from './pg-bench-worker';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds before each sample. */
  timeDeltas: number[];
}

/** Where a function is from, shortened to the package or Perflens source folder. */
function whereOf(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1)
    return url
      .slice(modules + 'node_modules/'.length)
      .split('/')
      .slice(0, 2)
      .join('/');
  const dist = url.indexOf('/instrument/dist/');
  if (dist !== -1) return `[perflens] ${url.slice(dist + '/instrument/dist/'.length)}`;
  return url.startsWith('node:') ? url : path.basename(url);
}

/** Self and inclusive time per function, as µs per query of the profiled round (`queries`). */
function summarize(profile: CpuProfile, queries: number, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfCount = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [index, sample] of profile.samples.entries()) {
    // A sample stands for the time until the next one.
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const leaf = byId.get(sample)!;
    const leafKey = `${leaf.callFrame.functionName || '(anonymous)'} ${whereOf(leaf.callFrame.url)}`;
    selfCount.set(leafKey, (selfCount.get(leafKey) ?? 0) + micros);
    // Inclusive: each function once per sample, however deep it recurses.
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)!.callFrame;
      const key = `${frame.functionName || '(anonymous)'} ${whereOf(frame.url)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  }
  const perQuery = (micros: number): string => `${(micros / queries).toFixed(2)} µs`;
  const perflensSelf = [...selfCount]
    .filter(([key]) => key.includes('[perflens]'))
    .reduce((sum, [, micros]) => sum + micros, 0);
  const lines = [
    `${profile.samples.length} samples; Perflens functions' own time ${perQuery(perflensSelf)}/query; self time per query:`,
  ];
  const share = perQuery;
  // Self time by where the code lives, so two variants' profiles can be compared line by line.
  const byPlace = new Map<string, number>();
  for (const [key, micros] of selfCount) {
    const place = key.includes('[perflens]')
      ? '[perflens] ' + key.split('[perflens] ')[1]!.split('/')[0]!
      : key.slice(key.indexOf(' ') + 1) || key;
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
  }
  lines.push('self time per query by place:');
  for (const [place, micros] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 25))
    lines.push(`  ${share(micros).padStart(9)}  ${place}`);
  lines.push('self time per query by function:');
  for (const [key, count] of [...selfCount].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${share(count).padStart(6)}  ${key}`);
  lines.push('inclusive time per query, Perflens code and async context:');
  for (const [key, count] of [...inclusive].sort((a, b) => b[1] - a[1])) {
    if (/\[perflens\]|async_hooks|promise_hooks|nextTick/i.test(key))
      lines.push(`  ${share(count).padStart(6)}  ${key}`);
  }
  return lines;
}

async function main(): Promise<void> {
  if (process.argv[2]?.endsWith('.cpuprofile')) {
    // `pg-profile.ts <file> <queries>`: summarizes a profile written before.
    const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as CpuProfile;
    console.log(summarize(profile, Number(process.argv[3]), 30).join('\n'));
    return;
  }
  const variant = process.argv[2] ?? 'perflens';
  const seconds = Number(process.argv[3] ?? 5);
  const directory = process.env.BENCH_PROFILE_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'pg-profile-'));
  // BENCH_PG_LOOPBACK=1 (inherited by the worker): no server, queries answered in process.
  const cluster = process.env.BENCH_PG_LOOPBACK === '1' ? undefined : await startPostgres();
  try {
    const url = cluster === undefined ? '' : await cluster.createDatabase('pg_profile');
    const child = forkBenchChild('pg', variant, {
      env: { BENCH_PG_URL: url },
      execArgv: ['--cpu-prof', `--cpu-prof-dir=${directory}`],
    });
    await nextMessage(child, `pg ${variant} start`, (m) => (m as { ready?: boolean }).ready === true);
    const answer = nextMessage<PgRoundResult>(child, `pg ${variant}`, (m) => 'queries' in (m as object));
    child.send({ seconds });
    const result = await answer;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    await exited;
    console.log(
      `${variant}: ${(result.queries / result.seconds).toFixed(0)} queries/s, ` +
        `${(result.userMicros / result.queries).toFixed(1)} µs user CPU/query, load ${os.loadavg()[0]!.toFixed(1)}`,
    );
    // The main thread's profile (tsx's loader thread writes one too).
    const file = readdirSync(directory)
      .filter((name) => name.endsWith('.cpuprofile'))
      .sort()
      .find((name) => /\.0\.\d+\.cpuprofile$/.test(name));
    if (file === undefined) throw new Error(`pg-profile: no .cpuprofile written in ${directory}`);
    const profile = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as CpuProfile;
    console.log(summarize(profile, result.queries, 30).join('\n'));
    console.log(`profile: ${path.join(directory, file)}`);
  } finally {
    await cluster?.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { JOB, useBackfilledPrometheus } from '@perflens/test-harness';
import { analyze } from '../src/analyze';
import type { ThresholdsConfig } from '../src/thresholds/resolve-thresholds';
import { createHttpPrometheusClient } from '../src/sources/http-prometheus-client';
import { thresholds } from './fixtures/in-memory-evidence';

/**
 * Memory growth ignores a process's warm-up (issue 15: a freshly restarted process showed "memory grew
 * 57 MiB, 229 MiB/h" with no leak). Each instance's retained memory (old generation + external) and
 * process_start_time_seconds are backfilled into a real Prometheus, and the last 15 minutes analysed with
 * the production thresholds: 10 minutes of warm-up left out, 10 minutes after it needed to judge.
 */
const START = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const END = START + 3600;
const RANGE_SECONDS = 15 * 60;
const MIB = 1024 * 1024;

interface Process {
  instance: string;
  startedSecondsBeforeEnd: number;
  /** Retained memory by seconds since start. */
  retained: (uptime: number) => number;
}

/** Fills its caches over its first 10 minutes (20 → 120 MiB), then stays flat. */
const warmsUp = (uptime: number) => (20 + 100 * Math.min(1, uptime / 600)) * MIB;
/** Warms up the same way, then leaks 500 MiB an hour. */
const warmsUpThenLeaks = (uptime: number) => warmsUp(uptime) + (Math.max(0, uptime - 600) / 3600) * 500 * MIB;

const PROCESSES: Process[] = [
  // The case: restarted 12 minutes ago, still in (or just past) its warm-up.
  { instance: 'restarted:3000', startedSecondsBeforeEnd: 720, retained: warmsUp },
  // Started 21 minutes ago: the range's first 4 minutes are warm-up, its last 11 flat.
  { instance: 'warmed-up:3000', startedSecondsBeforeEnd: 1260, retained: warmsUp },
  // Started 21 minutes ago too, and leaking after its warm-up: judged on its last 11 minutes.
  { instance: 'leaking-after-warmup:3000', startedSecondsBeforeEnd: 1260, retained: warmsUpThenLeaks },
  // Running for an hour and leaking.
  { instance: 'leaking:3000', startedSecondsBeforeEnd: 3600, retained: warmsUpThenLeaks },
];

const prometheus = useBackfilledPrometheus((writer) => {
  for (const p of PROCESSES) {
    const labels = { job: JOB, instance: p.instance };
    const started = END - p.startedSecondsBeforeEnd;
    const window: [number, number] = [Math.max(START, started), END];
    writer.gauge('process_start_time_seconds', labels, window, started);
    writer.gauge('nodejs_heap_space_size_used_bytes', { ...labels, space: 'old' }, window, (t) =>
      p.retained(t - started),
    );
    writer.gauge(
      'nodejs_heap_space_size_used_bytes',
      { ...labels, space: 'new' },
      window,
      (t) => ((t / 15) % 2) * 8 * MIB,
    );
    writer.gauge('nodejs_external_memory_bytes', labels, window, 4 * MIB);
  }
});

async function growingInstances(config: ThresholdsConfig = {}): Promise<string[]> {
  const report = await analyze({
    client: createHttpPrometheusClient({ url: prometheus().url }),
    scope: { job: JOB, endSeconds: END, rangeSeconds: RANGE_SECONDS },
    thresholds: thresholds(config),
  });
  expect(report.skippedLayers).toEqual([]);
  return report.findings
    .filter((f) => f.check === 'runtime.memory-growth')
    .map((f) => f.target.instance ?? '')
    .sort();
}

describe('memory growth after a process’s warm-up', () => {
  it('finds the leaks, not the processes warming up', async () => {
    expect(await growingInstances()).toEqual(['leaking-after-warmup:3000', 'leaking:3000']);
  });

  it('would blame the warm-ups too without it (runtime.memoryWarmupSeconds: 0)', async () => {
    expect(await growingInstances({ runtime: { memoryWarmupSeconds: 0 } })).toEqual([
      'leaking-after-warmup:3000',
      'leaking:3000',
      'restarted:3000',
      'warmed-up:3000',
    ]);
  });
});

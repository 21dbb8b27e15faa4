import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAnalyze } from '@perflens/analysis';
import { describeWithK6, k6Bundles, type K6Binary, runK6 } from '@perflens/test-harness';
import { parseSegment, segmentArgs } from '../../bin/execution-segment';
import { DEMO_JOB, expectExitCode, type K6DemoStack, useK6DemoStack } from './k6-demo-stack';

// One average-load test split across two k6 processes with complementary execution segments (0:1/2 and 1/2:1
// of the sequence 0,1/2,1), as the npm runner's `--segment 1/2` and `--segment 2/2` run it on two machines and
// as k6-operator runs `parallelism: 2`. Both remote-write into one Prometheus under one testid, each with its
// own instance_id tag; `perflens analyze --testid` then reads the run as one.

const TEST_ID = 'real-k6-segments';
const LOAD_RATE = 20;
const RAMP_SECONDS = 1;
/**
 * Long enough that the analysis' peak rate (a 10 s rate at steps inside the run's window) has steps with
 * both processes' samples behind it.
 */
const HOLD_SECONDS = 15;
/**
 * Iterations the whole test plans (one request each): the area under the rate profile, a ramp from 0 to the
 * rate, the hold, a ramp back to 0.
 */
const PLANNED_ITERATIONS = LOAD_RATE * (RAMP_SECONDS + HOLD_SECONDS);
/** The trend statistics the npm runner exports (bin/run-k6.ts TREND_STATS), which the analysis reads. */
const TREND_STATS = 'p(75),p(95),p(99),min,max,avg,med,count,sum';
const SLO_FILE = path.resolve(__dirname, '../../../alert-rules/slo.yaml');

interface PartRun {
  instance: string;
  exitCode: number | null;
  iterations: number;
  dropped: number;
  requests: number;
}

/** One part of the split run: the flags `--segment <part>` gives, the bundle, its own results folder. */
async function runPart(k6: K6Binary, stack: K6DemoStack, part: string): Promise<PartRun> {
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-k6-segment-'));
  try {
    const variables = {
      BASE_URL: stack.demo.url,
      TESTID: TEST_ID,
      RESULTS_DIR: resultsDir,
      LOAD_RATE: String(LOAD_RATE),
      RAMP_DURATION: `${RAMP_SECONDS}s`,
      HOLD_DURATION: `${HOLD_SECONDS}s`,
    };
    const args = ['run', '--no-color', '-o', 'experimental-prometheus-rw'];
    for (const [name, value] of Object.entries(variables)) args.push('-e', `${name}=${value}`);
    args.push(...segmentArgs(parseSegment(part), { testId: TEST_ID, testType: 'average-load' }));
    const result = await runK6(k6.path, [...args, path.join(await k6Bundles(), 'average-load.js')], {
      cwd: resultsDir,
      env: {
        K6_PROMETHEUS_RW_SERVER_URL: `${stack.prometheus.url}/api/v1/write`,
        K6_PROMETHEUS_RW_TREND_STATS: TREND_STATS,
        K6_PROMETHEUS_RW_STALE_MARKERS: 'true',
        K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
      },
      timeoutMs: 90_000,
    });
    expectExitCode(result, 0);
    const summary = JSON.parse(readFileSync(path.join(resultsDir, 'average-load-summary.json'), 'utf8')) as {
      metrics: Record<string, { values: Record<string, number> } | undefined>;
    };
    const count = (metric: string) => summary.metrics[metric]?.values.count ?? 0;
    return {
      instance: part.split('/')[0] as string,
      exitCode: result.exitCode,
      iterations: count('iterations'),
      dropped: count('dropped_iterations'),
      requests: count('http_reqs'),
    };
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

describeWithK6('an average-load test split across two k6 processes by execution segments', (k6) => {
  const stack = useK6DemoStack();
  let parts: PartRun[] = [];

  beforeAll(async () => {
    // Both at once, as on two machines: each runs its half of the arrival rate.
    parts = await Promise.all(['1/2', '2/2'].map((part) => runPart(k6, stack(), part)));
  }, 120_000);

  it('each process runs about half of the plan and together they run all of it', () => {
    const total = parts.reduce((sum, part) => sum + part.iterations + part.dropped, 0);
    // Arrival-rate iterations are planned, not timed: a busy machine may drop a few (reported, not hidden).
    expect(total).toBeGreaterThanOrEqual(PLANNED_ITERATIONS * 0.95);
    expect(total).toBeLessThanOrEqual(PLANNED_ITERATIONS * 1.05);
    for (const part of parts) {
      expect(part.iterations + part.dropped).toBeGreaterThanOrEqual(total * 0.4);
      expect(part.iterations + part.dropped).toBeLessThanOrEqual(total * 0.6);
      // One request per iteration: the requests follow the iterations.
      expect(part.requests).toBe(part.iterations);
    }
  });

  it('both processes remote-write into the one Prometheus, apart by instance_id and under one testid', async () => {
    const expected = Object.fromEntries(parts.map((part) => [part.instance, part.requests]));
    const written = await stack().prometheus.waitFor(
      `sum by (instance_id) (last_over_time(k6_http_reqs_total{testid="${TEST_ID}"}[10m]))`,
      (samples) =>
        samples.length === 2 &&
        samples.every((sample) => Number(sample.value[1]) === expected[sample.metric.instance_id ?? '']),
      { timeoutMs: 30_000 },
    );
    expect(written.map((sample) => sample.metric.instance_id).sort()).toEqual(['1', '2']);
  });

  it('perflens analyze --testid reads the run as one: its peak rate sums both processes', async () => {
    let output = '';
    const outcome = await runAnalyze(
      {
        prometheus: stack().prometheus.url,
        job: DEMO_JOB,
        slo: SLO_FILE,
        testid: TEST_ID,
        format: 'json',
        failOn: 'never',
      },
      (text) => (output += text),
    );
    expect(outcome).toEqual({ exitCode: 0 });
    const report = JSON.parse(output) as {
      scope: { endSeconds: number };
      skippedLayers: Array<{ layer: string }>;
      findings: Array<{ check: string; evidence: Array<{ label: string; query: string; value: number }> }>;
    };
    expect(report.skippedLayers.filter((skipped) => skipped.layer === 'load-test')).toEqual([]);
    const capacity = report.findings.find((finding) => finding.check === 'load-test.capacity');
    const peak = capacity?.evidence.find((item) => item.label === 'peak rate of the run');
    expect(peak?.query).toContain(`sum(rate(k6_http_reqs_total{testid="${TEST_ID}"}[10s]))`);
    // The same query per process, at the same time: the analysis' figure is their sum, not one of them.
    const perInstance = await stack().prometheus.query(
      (peak?.query ?? '').replace('sum(rate(', 'sum by (instance_id) (rate('),
      new Date(report.scope.endSeconds * 1000),
    );
    expect(perInstance.map((sample) => sample.metric.instance_id).sort()).toEqual(['1', '2']);
    const rates = perInstance.map((sample) => Number(sample.value[1]));
    const largest = Math.max(...rates);
    const sum = rates.reduce((total, rate) => total + rate, 0);
    expect(peak?.value).toBeGreaterThan(largest * 1.5);
    expect(peak?.value).toBeLessThanOrEqual(sum * 1.001);
    expect(peak?.value).toBeGreaterThan(largest * 1.5);
  });
});

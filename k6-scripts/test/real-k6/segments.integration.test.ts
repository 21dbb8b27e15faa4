import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAnalyze } from '@perflens/analysis';
import { DASHBOARD_UIDS } from '@perflens/conventions';
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
/** The load-test dashboard as Grafana provisions it (generated from provisioning/src/dashboards). */
const LOAD_TEST_DASHBOARD = path.resolve(
  __dirname,
  '../../../provisioning/grafana/dashboards',
  `${DASHBOARD_UIDS.loadTests}.json`,
);

interface PartRun {
  instance: string;
  exitCode: number | null;
  iterations: number;
  dropped: number;
  requests: number;
  /** Requests k6 counted in http_req_failed. */
  failed: number;
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
      failed: summary.metrics.http_req_failed?.values.passes ?? 0,
    };
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

describeWithK6('an average-load test split across two k6 processes by execution segments', (k6) => {
  const stack = useK6DemoStack();
  let parts: PartRun[] = [];
  let runStart = 0;
  let runEnd = 0;

  beforeAll(async () => {
    // Both at once, as on two machines: each runs its half of the arrival rate.
    runStart = Date.now();
    parts = await Promise.all(['1/2', '2/2'].map((part) => runPart(k6, stack(), part)));
    runEnd = Date.now();
  }, 120_000);

  /** Waits until Prometheus holds each process's final request count. */
  const bothWritten = () => {
    const expected = Object.fromEntries(parts.map((part) => [part.instance, part.requests]));
    return stack().prometheus.waitFor(
      `sum by (instance_id) (last_over_time(k6_http_reqs_total{testid="${TEST_ID}"}[10m]))`,
      (samples) =>
        samples.length === 2 &&
        samples.every((sample) => Number(sample.value[1]) === expected[sample.metric.instance_id ?? '']),
      { timeoutMs: 30_000 },
    );
  };

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
    const written = await bothWritten();
    expect(written.map((sample) => sample.metric.instance_id).sort()).toEqual(['1', '2']);
  });

  it('the load-test dashboard adds both processes up: requests, failed share, request rate and VUs', async () => {
    await bothWritten();
    const { prometheus } = stack();
    const now = new Date();
    // The dashboard's time range: from before the run to now, as a user opening it afterwards would pick.
    const range = `${Math.ceil((now.getTime() - runStart) / 1000) + 60}s`;
    const value = async (expr: string, instanceId?: string) => {
      const result = await prometheus.query(forTest(expr, range, instanceId), now);
      expect(result).toHaveLength(1);
      return Number(result[0]?.value[1]);
    };
    const stat = (title: string) => only(dashboardQueries().filter((query) => query.panel === title)).expr;

    const requests = parts.reduce((sum, part) => sum + part.requests, 0);
    expect(await value(stat('Requests'))).toBe(requests);
    for (const part of parts) expect(await value(stat('Requests'), part.instance)).toBe(part.requests);

    const failed = parts.reduce((sum, part) => sum + part.failed, 0);
    expect(await value(stat('Failed requests'))).toBeCloseTo(failed / requests, 9);

    // Peaks of two processes need not coincide: the test's peak lies between the larger and their sum (a
    // bound only: with VUs that are mostly 0, the largest process's peak can be the test's too).
    const peakVus = await value(stat('Peak virtual users'));
    const partPeaks = await Promise.all(
      parts.map((part) => value(stat('Peak virtual users'), part.instance)),
    );
    expect(peakVus).toBeGreaterThanOrEqual(Math.max(...partPeaks));
    expect(peakVus).toBeLessThanOrEqual(partPeaks.reduce((sum, peak) => sum + peak, 0));
    // Exactly: the highest point of the graph's VUs line (the processes' VUs added at each step), read on
    // the stat's subquery grid, whole seconds (this Prometheus evaluates every second).
    const vusLine = only(
      dashboardQueries().filter(
        (query) => query.panel === 'Virtual users and request rate' && query.legend === 'VUs',
      ),
    ).expr;
    const grid = await queryRange(
      prometheus.url,
      forTest(vusLine, range),
      new Date(Math.ceil(runStart / 1000 - 60) * 1000),
      new Date(Math.floor(now.getTime() / 1000) * 1000),
    );
    expect(peakVus).toBe(Math.max(...grid.values()));

    // The graph, step by step over the run: each line is the sum of the same line drawn per process.
    const overTime = dashboardQueries().filter((query) => query.panel === 'Virtual users and request rate');
    expect(overTime.map((query) => query.legend).sort()).toEqual(['VUs', 'requests/s']);
    for (const { expr, legend } of overTime) {
      const window = [new Date(runStart), new Date(runEnd)] as const;
      const whole = await queryRange(prometheus.url, forTest(expr, range), ...window);
      const perPart = await Promise.all(
        parts.map((part) => queryRange(prometheus.url, forTest(expr, range, part.instance), ...window)),
      );
      const steps = [...new Set([whole, ...perPart].flatMap((line) => [...line.keys()]))].sort(
        (a, b) => a - b,
      );
      expect(steps.length).toBeGreaterThan(5);
      const sumOfParts = steps.map((step) => perPart.reduce((sum, line) => sum + (line.get(step) ?? 0), 0));
      expect({ legend, values: steps.map((step) => round(whole.get(step))) }).toEqual({
        legend,
        values: sumOfParts.map(round),
      });
      // Not a sum in name only: while both processes sent requests, the rate is above either's. (VUs of an
      // arrival-rate test are mostly 0 here: requests finish within the step, so no such step is certain.)
      if (legend !== 'requests/s') continue;
      const both = steps.filter((step) => perPart.every((line) => (line.get(step) ?? 0) > 0));
      expect(both.length).toBeGreaterThan(5);
      for (const step of both)
        expect(whole.get(step)).toBeGreaterThan(Math.max(...perPart.map((line) => line.get(step) ?? 0)));
    }
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

/** Every query of the load-test dashboard, with its panel's title and legend. */
function dashboardQueries(): Array<{ panel: string; legend: string; expr: string }> {
  interface Panel {
    type: string;
    title?: string;
    panels?: Panel[];
    targets?: Array<{ expr?: string; legendFormat?: string }>;
  }
  const dashboard = JSON.parse(readFileSync(LOAD_TEST_DASHBOARD, 'utf8')) as { panels: Panel[] };
  return dashboard.panels
    .flatMap((panel) => (panel.type === 'row' ? (panel.panels ?? []) : [panel]))
    .flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        panel: panel.title ?? '',
        legend: target.legendFormat ?? '',
        expr: target.expr ?? '',
      })),
    );
}

/**
 * A dashboard query as Grafana sends it for this test's testid and the given range (`$__rate_interval`
 * 5 s: k6 pushes every second), or restricted to one k6 process by its instance_id.
 */
function forTest(expr: string, range: string, instanceId?: string): string {
  const processMatcher = instanceId === undefined ? '' : `,instance_id="${instanceId}"`;
  const query = expr
    .replaceAll('testid=~"$testid"', `testid=~"${TEST_ID}"${processMatcher}`)
    .replaceAll('$__rate_interval', '5s')
    .replaceAll('$__range', range);
  if (query.includes('$')) throw new Error(`a dashboard variable is left in ${query}`);
  return query;
}

function only<T>(items: T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one, got ${items.length}`);
  return items[0] as T;
}

function round(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Number(value.toPrecision(9));
}

/** A range query with a 1 s step: the value at each step (Unix seconds) of the single series returned. */
async function queryRange(url: string, expr: string, start: Date, end: Date): Promise<Map<number, number>> {
  const params = new URLSearchParams({
    query: expr,
    start: String(start.getTime() / 1000),
    end: String(end.getTime() / 1000),
    step: '1',
  });
  const response = await fetch(`${url}/api/v1/query_range?${params}`, {
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result: Array<{ values: Array<[number, string]> }> };
  };
  if (body.status !== 'success') throw new Error(`query_range ${expr} failed: ${body.error}`);
  const series = body.data?.result ?? [];
  if (series.length > 1) throw new Error(`query_range ${expr} returned ${series.length} series, not one`);
  return new Map((series[0]?.values ?? []).map(([time, text]) => [time, Number(text)]));
}

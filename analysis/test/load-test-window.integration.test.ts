import { HTTP_DURATION_BUCKETS, HTTP_REQUEST_DURATION } from '@perflens/conventions';
import { type OpenMetricsWriter, useBackfilledPrometheus } from '@perflens/test-harness';
import path from 'node:path';
import { runAnalyze } from '../src/cli/analyze-command';
import type { AnalyzeFlags } from '../src/cli/analyze-options';
import { createHttpPrometheusClient } from '../src/sources/http-prometheus-client';
import { readLoadTestEvidence } from '../src/sources/load-test-evidence';

/**
 * k6 runs of 10 s, 17 s and 105 s at 20 req/s, as the remote-write output leaves them in Prometheus (one sample per
 * second and series here; k6 pushes every 5 s by default), backfilled with promtool into a real Prometheus.
 * Each run starts 37 s past a minute, so a window found at one-minute resolution would be off by up to a
 * minute at both ends; each lies in a slot of its own, three hours from the next.
 */
const ANCHOR_SECONDS = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const SLOT_SECONDS = 3 * 3600;
const OFFSET_SECONDS = 37;
const SLO_FILE = path.resolve(__dirname, '../../alert-rules/slo.yaml');

const RATE_PER_SECOND = 20;

interface Run {
  testid: string;
  seconds: number;
  /** k6's cumulative p95 (seconds). */
  p95Seconds: number;
  /** k6's cumulative p99: above the SLO's 250 ms (a 99% objective), k6 failed the run on `p(99)<=250`. */
  p99Seconds: number;
}

const RUNS: Run[] = [
  { testid: 'smoke-10s', seconds: 10, p95Seconds: 0.05, p99Seconds: 0.09 },
  { testid: 'breakpoint-17s', seconds: 17, p95Seconds: 0.2, p99Seconds: 0.9 },
  { testid: 'load-105s', seconds: 105, p95Seconds: 0.08, p99Seconds: 0.12 },
];

const windowOf = (index: number): [number, number] => {
  const start = ANCHOR_SECONDS + index * SLOT_SECONDS + OFFSET_SECONDS;
  return [start, start + (RUNS[index] as Run).seconds];
};
/** "Now" for the command: ten minutes after the last run, so --testid searches the default 30 days. */
const NOW_SECONDS = windowOf(RUNS.length - 1)[1] + 600;

function writeRuns(writer: OpenMetricsWriter): void {
  RUNS.forEach((run, index) => {
    const labels = { job: 'k6', testid: run.testid, name: '/api/products', method: 'GET' };
    writer.gauge('k6_http_req_duration_p95', labels, windowOf(index), run.p95Seconds);
    writer.gauge('k6_http_req_duration_p99', labels, windowOf(index), run.p99Seconds);
    writer.gauge('k6_http_req_failed_rate', labels, windowOf(index), 0);
    writer.counter('k6_http_reqs', { ...labels, status: '200' }, windowOf(index), RATE_PER_SECOND);
    // The service's side of the same requests: all within 100 ms, so the whole run is within the SLO.
    writer.histogram(
      HTTP_REQUEST_DURATION,
      { job: 'demo-api', http_route: '/api/products' },
      windowOf(index),
      {
        buckets: HTTP_DURATION_BUCKETS,
        ratePerSecond: RATE_PER_SECOND,
        cumulativeShare: (le) => (le >= 0.1 ? 1 : 0.5),
        meanValue: 0.05,
      },
    );
  });
}

// A sample every second, as k6 writes them: the shortest run lasts 10 s, less than one 15-second step.
const prometheus = useBackfilledPrometheus(writeRuns, { scrapeIntervalSeconds: 1 });

const url = () => prometheus().url;

async function analyzeCommand(flags: Partial<AnalyzeFlags>) {
  let output = '';
  const outcome = await runAnalyze(
    { prometheus: url(), job: 'demo-api', slo: SLO_FILE, format: 'json', failOn: 'critical', ...flags },
    (text) => (output += text),
    NOW_SECONDS,
  );
  return { outcome, output };
}

describe('a k6 run is found by its testid whatever its length', () => {
  it.each(RUNS.map((run, index) => [run.testid, index] as const))(
    '%s: from its first sample to its last, to the second',
    async (testid, index) => {
      const evidence = await readLoadTestEvidence(
        createHttpPrometheusClient({ url: url() }),
        { job: 'demo-api', endSeconds: NOW_SECONDS, rangeSeconds: 900, testid },
        0.25,
      );
      const [start, end] = windowOf(index);
      expect([evidence.startSeconds, evidence.endSeconds]).toEqual([start, end]);
      expect(evidence.requests.map((r) => r.name)).toEqual(['/api/products']);
    },
  );

  it('is found two seconds after its last sample, in the minute still running', async () => {
    const [start, end] = windowOf(0);
    const evidence = await readLoadTestEvidence(
      createHttpPrometheusClient({ url: url() }),
      { job: 'demo-api', endSeconds: end + 2, rangeSeconds: 900, testid: 'smoke-10s' },
      0.25,
    );
    expect([evidence.startSeconds, evidence.endSeconds]).toEqual([start, end]);
  });

  it('perflens analyze --testid analyses the run’s own window: 105 s ending at its last sample', async () => {
    const { outcome, output } = await analyzeCommand({ testid: 'load-105s' });
    expect(outcome).toEqual({ exitCode: 0 });
    const report = JSON.parse(output) as { scope: { endSeconds: number; rangeSeconds: number } };
    expect(report.scope).toMatchObject({ endSeconds: windowOf(2)[1], rangeSeconds: 105 });
  });

  it('a 17 s run that failed k6’s p(99)<=250 is judged on the same p99, though its p95 is within 250 ms: critical, exit 1', async () => {
    const { outcome, output } = await analyzeCommand({ testid: 'breakpoint-17s' });
    expect(outcome).toEqual({ exitCode: 1, message: '1 finding at or above critical' });
    const report = JSON.parse(output) as { findings: Array<{ check: string; title: string }> };
    expect(report.findings.filter((f) => f.check.startsWith('load-test.')).map((f) => f.title)).toEqual([
      'k6 breakpoint-17s: GET /api/products p99 900 ms > 250 ms',
      'k6 breakpoint-17s: sustained 20 req/s with p95 ≤ 250 ms (the whole run)',
    ]);
  });
});

describe('a run’s request rates are read over its own window, however short', () => {
  it.each(RUNS.map((run, index) => [run.testid, index] as const))(
    '%s: average, peak and sustained rate are the 20 req/s k6 sent',
    async (testid) => {
      const evidence = await readLoadTestEvidence(
        createHttpPrometheusClient({ url: url() }),
        { job: 'demo-api', endSeconds: NOW_SECONDS, rangeSeconds: 900, testid },
        0.25,
      );
      // Exact: the counter grew by 20 a second between the first and the last sample.
      expect(evidence.averageRequestsPerSecond).toBeCloseTo(RATE_PER_SECOND, 6);
      // Rates over 10 s inside the window: within a request a second of the rate sent.
      expect(evidence.peakRequestsPerSecond).toBeGreaterThanOrEqual(RATE_PER_SECOND - 1);
      expect(evidence.peakRequestsPerSecond).toBeLessThanOrEqual(RATE_PER_SECOND + 1);
      expect(evidence.sustainedRequestsPerSecond).toBeGreaterThanOrEqual(RATE_PER_SECOND - 1);
      expect(evidence.sustainedRequestsPerSecond).toBeLessThanOrEqual(RATE_PER_SECOND + 1);
    },
  );
});

describe('a testid with no samples is reported, not passed', () => {
  const reason =
    'no samples for testid no-such-run in the 30d before 2023-11-15T06:12:22Z; was it remote-written to this Prometheus?';

  it('exits 2 under --fail-on, saying which testid and which range were searched', async () => {
    const { outcome, output } = await analyzeCommand({ testid: 'no-such-run', format: 'table' });
    expect(outcome).toEqual({ exitCode: 2, message: reason });
    expect(output).toContain(`Skipped layer load-test: ${reason}\n`);
  });

  it('with --fail-on never the report still says so, and the exit code is 0', async () => {
    const { outcome, output } = await analyzeCommand({
      testid: 'no-such-run',
      format: 'table',
      failOn: 'never',
    });
    expect(outcome).toEqual({ exitCode: 0 });
    expect(output).toContain(`Skipped layer load-test: ${reason}\n`);
  });
});

import { DEMO_SLOS, thresholds } from '../../../test/fixtures/in-memory-evidence';
import {
  k6TrendStat,
  type LoadTestEvidence,
  type LoadTestRequestStats,
} from '../../sources/load-test-evidence';
import { findBaselineRegressions } from './baseline-regression';
import { findCapacity } from './capacity';
import { findThresholdBreaches } from './threshold-breaches';

type Request = Omit<LoadTestRequestStats, 'percentileSeconds'> & {
  percentileSeconds?: LoadTestRequestStats['percentileSeconds'];
};
const evidence = (requests: Request[], extra: Partial<LoadTestEvidence> = {}): LoadTestEvidence => ({
  testid: 'run-2',
  baselineTestid: 'run-1',
  // p95 is always read; the others only when the test gives them.
  requests: requests.map((r) => ({
    ...r,
    percentileSeconds: {
      ...(r.p95Seconds !== undefined ? { p95: r.p95Seconds } : {}),
      ...r.percentileSeconds,
    },
  })),
  pages: [],
  percentileStats: ['p95', 'p99', 'p995'],
  capacityThresholdSeconds: 0.25,
  searchedSeconds: 86_400,
  queries: {
    p95: 'p95',
    p99: 'p99',
    baselineP95: 'baselineP95',
    failed: 'failed',
    requests: 'requests',
    sustainedRate: 'sustained',
    peakRate: 'peak',
  },
  ...extra,
});
const slos = thresholds({}, DEMO_SLOS);

describe('k6TrendStat', () => {
  it.each([
    [0.95, 'p95'],
    [0.99, 'p99'],
    [0.995, 'p995'],
    [0.999, 'p999'],
  ])('names quantile %s as k6’s remote write does: %s', (quantile, stat) => {
    expect(k6TrendStat(quantile)).toBe(stat);
  });
});

describe('load-test.threshold-breaches', () => {
  it.each([
    [
      'the SLO’s p99 over its threshold is critical, though the p95 is within it (k6 gates on p(99))',
      {
        name: 'products',
        method: 'GET',
        p95Seconds: 0.2,
        percentileSeconds: { p99: 0.4 },
        failedRatio: 0,
        requests: 1000,
      },
      [['critical', 'k6 run-2: GET products p99 400 ms > 250 ms']],
    ],
    [
      'a p99 within the SLO passes, however slow the p95 looks against loadTest.p95Seconds',
      { name: 'products', method: 'GET', p95Seconds: 0.24, percentileSeconds: { p99: 0.25 }, requests: 1 },
      [],
    ],
    [
      'without the p99 series, a p95 over the threshold is a breach all the same (a lower bound)',
      { name: 'products', method: 'GET', p95Seconds: 0.4, failedRatio: 0, requests: 1000 },
      [['critical', 'k6 run-2: GET products p95 400 ms > 250 ms']],
    ],
    [
      'a route with its own SLO is judged on its quantile: p99.5 of /api/orders within 1 s',
      { name: '/api/orders', method: 'POST', p95Seconds: 0.3, percentileSeconds: { p99: 0.5, p995: 1.2 } },
      [['critical', 'k6 run-2: POST /api/orders p995 1.2 s > 1 s']],
    ],
    [
      'failures over the error budget are critical',
      { name: 'products', method: 'GET', p95Seconds: 0.1, failedRatio: 0.02, requests: 1000 },
      [['critical', 'k6 run-2: GET products 2% failed > 0.1%']],
    ],
    [
      'a run within the SLO has no finding',
      { name: 'products', method: 'GET', p95Seconds: 0.1, failedRatio: 0, requests: 1000 },
      [],
    ],
  ])('%s', (_title, request, expected) => {
    expect(findThresholdBreaches(evidence([request]), slos).map((f) => [f.severity, f.title])).toEqual(
      expected,
    );
  });

  it('says when a lower quantile stands in for the SLO’s', () => {
    const [finding] = findThresholdBreaches(
      evidence([{ name: '/api/orders', method: 'POST', p95Seconds: 0.3, percentileSeconds: { p99: 1.5 } }]),
      slos,
    );
    expect(finding?.evidence[0]).toMatchObject({
      label: 'p99 latency (whole run; p995 not remote-written, a lower bound)',
      query: 'p99',
      value: 1.5,
      threshold: 1,
      thresholdSource: 'slo:demo-api-checkout-latency',
    });
  });

  it('uses loadTest.p95Seconds when no latency SLO applies', () => {
    const [finding] = findThresholdBreaches(
      evidence([{ name: 'x', method: 'GET', p95Seconds: 0.6 }]),
      thresholds(),
    );
    expect(finding?.evidence[0]).toMatchObject({ threshold: 0.5, thresholdSource: 'default' });
  });
});

describe('load-test.baseline-regression', () => {
  it.each([
    [
      'warns when p95 is 50% slower than the baseline',
      0.15,
      0.1,
      [['warning', 'k6 run-2: GET products p95 150 ms vs 100 ms in run-1 (+50%)']],
    ],
    ['stays silent at 10% slower', 0.11, 0.1, []],
  ])('%s', (_title, p95Seconds, baselineP95Seconds, expected) => {
    const e = evidence([{ name: 'products', method: 'GET', p95Seconds, baselineP95Seconds }]);
    expect(findBaselineRegressions(e, slos).map((f) => [f.severity, f.title])).toEqual(expected);
  });
});

describe('load-test.capacity', () => {
  it.each([
    [
      'reports the sustained rate below the peak',
      { sustainedRequestsPerSecond: 120, peakRequestsPerSecond: 200 },
      ['k6 run-2: sustained 120 req/s with p95 ≤ 250 ms (peak 200 req/s was beyond it)'],
    ],
    [
      'says when the whole run stayed within the threshold',
      { sustainedRequestsPerSecond: 80, peakRequestsPerSecond: 80 },
      ['k6 run-2: sustained 80 req/s with p95 ≤ 250 ms (the whole run)'],
    ],
    [
      'says when no rate stayed within it',
      { peakRequestsPerSecond: 80 },
      ['k6 run-2: p95 above 250 ms at every rate tested (peak 80 req/s)'],
    ],
    ['reports nothing without a run', {}, []],
  ])('%s', (_title, extra, expected) => {
    expect(findCapacity(evidence([], extra), slos).map((f) => f.title)).toEqual(expected);
  });
});

import { DEMO_SLOS, thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { LoadTestEvidence, LoadTestRequestStats } from '../../sources/load-test-evidence';
import { findBaselineRegressions } from './baseline-regression';
import { findCapacity } from './capacity';
import { findThresholdBreaches } from './threshold-breaches';

const evidence = (
  requests: LoadTestRequestStats[],
  extra: Partial<LoadTestEvidence> = {},
): LoadTestEvidence => ({
  testid: 'run-2',
  baselineTestid: 'run-1',
  requests,
  capacityThresholdSeconds: 0.25,
  searchedSeconds: 86_400,
  queries: {
    p95: 'p95',
    baselineP95: 'baselineP95',
    failed: 'failed',
    requests: 'requests',
    sustainedRate: 'sustained',
    peakRate: 'peak',
  },
  ...extra,
});
const slos = thresholds({}, DEMO_SLOS);

describe('load-test.threshold-breaches', () => {
  it.each([
    [
      'a p95 over the SLO threshold is critical',
      { name: 'products', method: 'GET', p95Seconds: 0.4, failedRatio: 0, requests: 1000 },
      [['critical', 'k6 run-2: GET products p95 400 ms > 250 ms']],
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

import { metricCatalogue } from '@perflens/exporter';
import { findOutlierInstances } from '../../src/checks/fleet/outlier-instance';
import {
  coefficientOfVariation,
  median,
  medianAbsoluteDeviation,
  modifiedZScore,
} from '../../src/checks/fleet/peer-statistics';
import { findUnevenLoad } from '../../src/checks/fleet/uneven-load';
import { type FleetEvidence, type FleetInstanceStats, fleetQueries } from '../../src/sources/fleet-evidence';
import { TEST_JOB, thresholds } from '../fixtures/in-memory-evidence';

const name = (i: number) => `api-${i}:3000`;

/** A healthy instance: 20 req/s, 0.1% errors, p95 80 ms, 12 ms lag, flat 120 MB; `i` spreads them a little. */
function healthy(i: number, overrides: Partial<FleetInstanceStats> = {}): FleetInstanceStats {
  const jitter = 1 + ((i % 5) - 2) * 0.02;
  return {
    instance: name(i),
    requestsPerSecond: 20 * jitter,
    serverErrorsPerSecond: 0.02 * jitter,
    p95LatencySeconds: 0.08 * jitter,
    eventLoopLagP99Seconds: 0.012 * jitter,
    residentGrowthBytes: 1e6 * jitter,
    meanResidentBytes: 120e6,
    ...overrides,
  };
}

function fleet(count: number, odd: Record<number, Partial<FleetInstanceStats>> = {}, rangeSeconds = 1800) {
  const evidence: FleetEvidence = {
    job: TEST_JOB,
    rangeSeconds,
    instances: Array.from({ length: count }, (_, i) => healthy(i, odd[i])),
    queries: {
      requests: 'requests',
      serverErrors: 'serverErrors',
      p95Latency: 'p95Latency',
      eventLoopLag: 'eventLoopLag',
      residentGrowth: 'residentGrowth',
      residentMean: 'residentMean',
    },
  };
  return evidence;
}

describe('peer statistics', () => {
  it.each([
    ['the median of an odd count is the middle value', median([5, 1, 3]), 3],
    ['the median of an even count is the mean of the middle two', median([4, 1, 3, 2]), 2.5],
    ['the MAD ignores one wild value', medianAbsoluteDeviation([10, 11, 9, 10, 1000]), 1],
    ['the modified z-score scales by 0.6745 / MAD', modifiedZScore(12, 10, 1), 1.349],
    ['identical peers score an instance above them as Infinity', modifiedZScore(11, 10, 0), Infinity],
    ['an even spread has a coefficient of variation of 0', coefficientOfVariation([3, 3, 3]), 0],
    ['the coefficient of variation is the stddev over the mean', coefficientOfVariation([1, 3]), 0.5],
  ])('%s', (_title, actual, expected) => {
    expect(actual).toBeCloseTo(expected, 10);
  });
});

describe('runtime.outlier-instance', () => {
  it.each([
    [
      'a 5× slower instance is named with its p95 and the median',
      fleet(10, { 3: { p95LatencySeconds: 0.4 } }),
      [
        'api-3:3000 is an outlier among 10 instances of demo-api: p95 latency, all routes 400 ms vs median 80 ms (5×)',
      ],
    ],
    [
      'an instance failing 6% of its requests is named with its 5xx ratio',
      fleet(10, { 4: { serverErrorsPerSecond: 1.2 } }),
      ['api-4:3000 is an outlier among 10 instances of demo-api: 5xx ratio 5.8% vs median 0.1%'],
    ],
    [
      'a lagging event loop and a leak on one instance are one finding with both',
      fleet(10, { 7: { eventLoopLagP99Seconds: 0.09, residentGrowthBytes: 60e6 } }),
      [
        'api-7:3000 is an outlier among 10 instances of demo-api: mean p99 event-loop lag 90 ms vs median 12.1 ms (7.43×); resident memory grew 50% of its mean (57.2 MiB) vs median 0.8%',
      ],
    ],
    ['a healthy fleet has no outlier', fleet(50), []],
    [
      'a 1.5× slower instance is within the fleet factor (2)',
      fleet(10, { 3: { p95LatencySeconds: 0.12 } }),
      [],
    ],
    [
      'half a point more errors is below the excess threshold (1 point)',
      fleet(10, { 4: { serverErrorsPerSecond: 0.12 } }),
      [],
    ],
    ['two instances are too few peers to compare', fleet(2, { 1: { p95LatencySeconds: 0.8 } }), []],
    [
      'memory growth is not judged over a range too short for a trend',
      fleet(10, { 7: { residentGrowthBytes: 60e6 } }, 300),
      [],
    ],
    [
      'an idle instance is not judged on latency',
      fleet(10, { 3: { p95LatencySeconds: 2, requestsPerSecond: 0.01 } }),
      [],
    ],
  ])('%s', (_title, evidence, titles) => {
    expect(findOutlierInstances(evidence, thresholds()).map((f) => f.title)).toEqual(titles);
  });

  it('targets the instance, cites the query and the threshold the median sets, and recommends draining it', () => {
    const [finding] = findOutlierInstances(fleet(10, { 3: { p95LatencySeconds: 0.4 } }), thresholds());
    expect(finding).toMatchObject({
      id: 'runtime.outlier-instance/instance=api-3:3000,job=demo-api',
      severity: 'warning',
      target: { job: TEST_JOB, instance: 'api-3:3000' },
      evidence: [
        {
          label: 'p95 latency, all routes',
          query: 'p95Latency',
          value: 0.4,
          unit: 'seconds',
          threshold: 0.16,
          thresholdSource: 'default',
        },
      ],
    });
    expect(finding?.recommendations[0]).toMatchObject({ kind: 'guidance', effort: 'low' });
    expect(finding?.recommendations[0]?.kind === 'guidance' && finding.recommendations[0].action).toMatch(
      /^Drain api-3:3000 from the load balancer/,
    );
    // About a tenth of the requests (20.4 of 200 req/s), served 5× slower: 10.2% × (1 − 80/400) × 100.
    expect(finding?.ownImpact.score).toBe(8.16);
  });

  it('rates a runtime-only outlier info: its users are not yet served worse', () => {
    const [finding] = findOutlierInstances(fleet(10, { 7: { eventLoopLagP99Seconds: 0.09 } }), thresholds());
    expect(finding?.severity).toBe('info');
  });

  it('reads its thresholds from config', () => {
    const evidence = fleet(10, { 3: { p95LatencySeconds: 0.4 } });
    expect(findOutlierInstances(evidence, thresholds({ fleet: { outlierFactor: 6 } }))).toEqual([]);
  });
});

describe('api.uneven-load', () => {
  it.each([
    [
      'an instance taking 3× the median request rate is named with both rates',
      fleet(10, { 6: { requestsPerSecond: 60 } }),
      [
        'Uneven load across 10 instances of demo-api: api-6:3000 serves 2.97× the median request rate (60 vs 20.2 req/s), coefficient of variation 0.499',
      ],
    ],
    ['an even spread (±4%) is not uneven', fleet(50), []],
    ['1.4× the median is below the factor (1.5)', fleet(10, { 6: { requestsPerSecond: 28 } }), []],
    ['two instances are too few peers to compare', fleet(2, { 1: { requestsPerSecond: 60 } }), []],
  ])('%s', (_title, evidence, titles) => {
    expect(findUnevenLoad(evidence, thresholds()).map((f) => f.title)).toEqual(titles);
  });

  it('cites the ratio against its threshold and recommends checking the load balancer', () => {
    const [finding] = findUnevenLoad(fleet(10, { 6: { requestsPerSecond: 60 } }), thresholds());
    expect(finding).toMatchObject({
      id: 'api.uneven-load/instance=api-6:3000,job=demo-api',
      layer: 'api',
      evidence: [
        { query: 'requests', value: 60 / 20.2, threshold: 1.5, thresholdSource: 'default' },
        { value: 60, unit: 'requests_per_second' },
        { query: 'stddev(requests) / avg(requests)' },
      ],
    });
    expect(finding?.recommendations[0]?.kind === 'guidance' && finding.recommendations[0].action).toMatch(
      /least-requests/,
    );
  });
});

describe('fleet queries', () => {
  const queries = Object.values(
    fleetQueries({ job: TEST_JOB, endSeconds: 1_700_000_000, rangeSeconds: 900 }),
  );

  it('are six, each aggregated by instance over every route', () => {
    expect(queries).toHaveLength(6);
    for (const query of queries) {
      expect(query).toMatch(/by \(instance(, le)?\)/);
      expect(query).not.toContain('http_route');
    }
  });

  it('read only metrics @perflens/exporter’s catalogue has', () => {
    const catalogue = new Map(metricCatalogue.map((m) => [m.name, m.type]));
    const names = queries.flatMap((q) =>
      [...q.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\{job=/g)].map((m) => m[1] as string),
    );
    const missing = names.filter(
      (n) => !catalogue.has(n) && catalogue.get(n.replace(/_(bucket|count|sum)$/, '')) !== 'histogram',
    );
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(missing).toEqual([]);
  });
});

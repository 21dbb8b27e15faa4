import { apiEvidence, route, runtimeEvidence, thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { RuntimeInstanceStats } from '../../sources/runtime-evidence';
import { findEventLoopSaturation } from './event-loop-saturation';
import { findGcPressure } from './gc-pressure';
import { findMemoryGrowth } from './memory-growth';

const defaults = thresholds();
const healthy: RuntimeInstanceStats = {
  instance: 'api-1',
  eventLoopUtilizationRatio: 0.3,
  eventLoopLagP99PeakSeconds: 0.012,
  eventLoopLaggingRatio: 0,
  retainedGrowthBytes: 1e6,
  meanRetainedBytes: 50e6,
  gcTimeRatio: 0.01,
};
const titles = (found: { severity: string; title: string }[]) => found.map((f) => [f.severity, f.title]);

describe('runtime.event-loop-saturation', () => {
  it.each([
    [
      'warns at 95% mean utilisation',
      { eventLoopUtilizationRatio: 0.95 },
      [['warning', 'api-1: event loop busy 95% of the time, p99 lag peak 12 ms']],
    ],
    [
      'warns when the p99 lag stayed above 100 ms for a tenth of the range, though the mean utilisation is low',
      { eventLoopLagP99PeakSeconds: 0.24, eventLoopLaggingRatio: 0.1 },
      [
        [
          'warning',
          'api-1: event loop p99 lag above 100 ms for 10% of the range (peak 240 ms), busy 30% on average',
        ],
      ],
    ],
    [
      'is critical at a peak p99 lag of 600 ms that lasted 40% of the range',
      { eventLoopLagP99PeakSeconds: 0.6, eventLoopLaggingRatio: 0.4 },
      [
        [
          'critical',
          'api-1: event loop p99 lag above 100 ms for 40% of the range (peak 600 ms), busy 30% on average',
        ],
      ],
    ],
    [
      'stays silent on one lagging scrape (a GC pause): 1% of the range',
      { eventLoopLagP99PeakSeconds: 0.6, eventLoopLaggingRatio: 0.01 },
      [],
    ],
    ['stays silent on a healthy process', {}, []],
  ])('%s', (_title, overrides, expected) => {
    expect(
      titles(findEventLoopSaturation(runtimeEvidence([{ ...healthy, ...overrides }]), defaults)),
    ).toEqual(expected);
  });

  // Busy 60%: enough for the summary route's 0.59 s per second outside the database to be computing.
  const lagging = runtimeEvidence([
    {
      ...healthy,
      eventLoopUtilizationRatio: 0.6,
      eventLoopLagP99PeakSeconds: 0.24,
      eventLoopLaggingRatio: 0.3,
    },
  ]);
  const withRoutes = (summaryMeanSeconds: number) =>
    apiEvidence([
      route({
        route: '/api/products',
        requestsPerSecond: 12,
        meanDurationSeconds: 0.03,
        dbSecondsPerRequest: 0.02,
      }),
      route({
        route: '/api/orders',
        requestsPerSecond: 4,
        meanDurationSeconds: 0.06,
        dbSecondsPerRequest: 0.03,
      }),
      route({
        route: '/api/customers/:id/summary',
        requestsPerSecond: 2,
        meanDurationSeconds: summaryMeanSeconds,
        dbSecondsPerRequest: 0.005,
      }),
    ]);

  it('names the route that spends most of the service’s time outside the database: its synchronous work', () => {
    const [finding] = findEventLoopSaturation(lagging, defaults, withRoutes(0.3));
    expect(finding?.title).toBe(
      'api-1: event loop p99 lag above 100 ms for 30% of the range (peak 240 ms), busy 60% on average; GET /api/customers/:id/summary spends 71.1% of the service’s time outside the database',
    );
    expect(finding?.evidence.at(-1)).toMatchObject({
      label: 'GET /api/customers/:id/summary: seconds per second outside the database (71.1% of all routes’)',
      value: 0.59,
      unit: 'per_second',
    });
    expect(finding?.recommendations[0]).toHaveProperty(
      'action',
      expect.stringMatching(/^Profile GET \/api\/customers\/:id\/summary under load/),
    );
  });

  it('judges routes by their typical request: one slow only in its tail (a call to another service through the blocked loop) is not named', () => {
    const api = apiEvidence([
      route({
        route: '/api/shipping/quote',
        requestsPerSecond: 2,
        meanDurationSeconds: 0.4,
        p50DurationSeconds: 0.03,
        dbSecondsPerRequest: 0,
      }),
      route({
        route: '/api/customers/:id/summary',
        requestsPerSecond: 2,
        meanDurationSeconds: 0.28,
        p50DurationSeconds: 0.22,
        dbSecondsPerRequest: 0.005,
      }),
    ]);
    const [finding] = findEventLoopSaturation(lagging, defaults, api);
    expect(finding?.title).toMatch(/; GET \/api\/customers\/:id\/summary spends 87.8% of the service’s time/);
  });

  it('names no route when none stands out', () => {
    const [finding] = findEventLoopSaturation(lagging, defaults, withRoutes(0.04));
    expect(finding?.title).toBe(
      'api-1: event loop p99 lag above 100 ms for 30% of the range (peak 240 ms), busy 60% on average',
    );
  });
});

describe('runtime.memory-growth', () => {
  it.each([
    [
      'warns when retained memory grew 40% of its mean in 30 minutes',
      runtimeEvidence([{ ...healthy, retainedGrowthBytes: 20e6 }]),
      [
        [
          'warning',
          'api-1: retained memory (old generation + external) grew 19.1 MiB (40%) in the range, 38.1 MiB per hour',
        ],
      ],
    ],
    ['stays silent on flat retained memory', runtimeEvidence([healthy]), []],
    [
      'does not judge ranges shorter than 10 minutes',
      runtimeEvidence([{ ...healthy, retainedGrowthBytes: 20e6 }], 300),
      [],
    ],
  ])('%s', (_title, evidence, expected) => {
    expect(titles(findMemoryGrowth(evidence, defaults))).toEqual(expected);
  });

  it('judges shorter ranges when runtime.heapGrowthMinRangeSeconds allows them', () => {
    const short = thresholds({ runtime: { heapGrowthMinRangeSeconds: 60 } });
    expect(
      titles(findMemoryGrowth(runtimeEvidence([{ ...healthy, retainedGrowthBytes: 20e6 }], 300), short)),
    ).toEqual([
      [
        'warning',
        'api-1: retained memory (old generation + external) grew 19.1 MiB (40%) in the range, 228.9 MiB per hour',
      ],
    ]);
  });
});

describe('runtime.gc-pressure', () => {
  it.each([
    ['warns at 15% of the time in GC', 0.15, [['warning', 'api-1: 15% of the time in garbage collection']]],
    ['is critical at 80%', 0.8, [['critical', 'api-1: 80% of the time in garbage collection']]],
    ['stays silent at 1%', 0.01, []],
  ])('%s', (_title, gcTimeRatio, expected) => {
    expect(titles(findGcPressure(runtimeEvidence([{ ...healthy, gcTimeRatio }]), defaults))).toEqual(
      expected,
    );
  });
});

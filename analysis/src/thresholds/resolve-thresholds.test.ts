import { DEMO_SLOS, TEST_JOB, thresholds } from '../../test/fixtures/in-memory-evidence';
import { DEFAULT_THRESHOLDS } from './default-thresholds';
import {
  availabilityObjectiveFor,
  latencyObjectiveFor,
  latencyThresholdsInUse,
  resolveThresholds,
} from './resolve-thresholds';

describe('resolveThresholds', () => {
  it('uses the defaults when nothing overrides them', () => {
    const resolved = thresholds();
    expect(resolved.values).toEqual(DEFAULT_THRESHOLDS);
    expect(resolved.sources['postgres.cacheHitRatio']).toBe('default');
  });

  it('lets config override one field and records where it came from', () => {
    const resolved = thresholds({ postgres: { cacheHitRatio: 0.95 } });
    expect(resolved.values.postgres.cacheHitRatio).toBe(0.95);
    expect(resolved.values.postgres.longTransactionSeconds).toBe(60);
    expect(resolved.sources['postgres.cacheHitRatio']).toBe('config');
  });

  it.each([
    [
      'an unknown layer',
      { disk: {} },
      'perflens.json: disk: unknown layer; expected one of api, runtime, dbClient, postgres, host, frontend, fleet, loadTest',
    ],
    ['an unknown threshold', { api: { p99: 1 } }, 'perflens.json: api.p99: unknown threshold'],
    [
      'a non-number',
      { host: { cpuBusyRatio: 'high' } },
      'perflens.json: host.cpuBusyRatio: must be a non-negative number, got "high"',
    ],
    [
      'a ratio above 1',
      { host: { cpuBusyRatio: 80 } },
      'perflens.json: host.cpuBusyRatio: must be a ratio from 0 to 1, got 80',
    ],
    [
      'a latency threshold between buckets',
      { api: { latencyThresholdSeconds: 0.3 } },
      'perflens.json: api.latencyThresholdSeconds: must be a histogram bucket boundary: one of 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10',
    ],
  ])('rejects %s, naming the file and the field', (_title, config, message) => {
    expect(() => resolveThresholds({ job: TEST_JOB, config, configFile: 'perflens.json' })).toThrow(message);
  });

  it('keeps only the SLOs of the analysed job', () => {
    const other = { ...DEMO_SLOS[0]!, id: 'other-availability', job: 'other' };
    expect(
      resolveThresholds({ job: TEST_JOB, slos: [...DEMO_SLOS, other] }).objectives.map((s) => s.id),
    ).toEqual(['demo-api-availability', 'demo-api-latency', 'demo-api-checkout-latency']);
  });
});

describe('objectives of a route', () => {
  const resolved = thresholds({}, DEMO_SLOS);

  it.each([
    [
      'a route-specific SLO wins over the job-wide one',
      '/api/orders/:id',
      { thresholdSeconds: 1, objectiveRatio: 0.995, source: 'slo:demo-api-checkout-latency' },
    ],
    [
      'other routes get the job-wide SLO',
      '/api/products',
      { thresholdSeconds: 0.25, objectiveRatio: 0.99, source: 'slo:demo-api-latency' },
    ],
  ])('%s', (_title, route, expected) => {
    expect(latencyObjectiveFor(resolved, route)).toEqual({ ...expected, pageBurnRate: 14.4 });
  });

  it('falls back to the configured threshold without an SLO', () => {
    expect(latencyObjectiveFor(thresholds({ api: { latencyThresholdSeconds: 1 } }), '/x')).toEqual({
      thresholdSeconds: 1,
      objectiveRatio: 0.99,
      pageBurnRate: 14.4,
      source: 'config',
    });
  });

  it('reads the availability objective from the SLO file', () => {
    expect(availabilityObjectiveFor(resolved, '/x')).toEqual({
      objectiveRatio: 0.999,
      thresholdSeconds: 0,
      pageBurnRate: 14.4,
      source: 'slo:demo-api-availability',
    });
  });

  it('lists every latency threshold in use, for the buckets to fetch', () => {
    expect(latencyThresholdsInUse(resolved)).toEqual([0.25, 0.5, 1]);
  });
});

import type { ServiceSloThresholds } from '../shared/slo-thresholds-file.ts';
import type { SummaryMetric } from '../summary/summary-data.ts';
import { rateSteps } from './rate-steps.ts';
import { stepThresholds, sustainedRate, sustainedRateSection } from './sustained-rate.ts';

const service: ServiceSloThresholds = {
  job: 'shop',
  thresholds: [
    { sloId: 'shop-up', description: 'd', metric: 'http_req_failed', aggregation: 'rate', maxValue: 0.01 },
    {
      sloId: 'shop-fast',
      description: 'd',
      metric: 'http_req_duration',
      aggregation: 'p(99)',
      maxValue: 250,
    },
  ],
};
const steps = rateSteps({ stepRate: 10, maxRate: 30, rampSeconds: 10, holdSeconds: 10 });

/** Summary metrics for steps given as [requests sent, availability ok, latency ok]. */
function metricsFor(results: [number, boolean, boolean][]): Record<string, SummaryMetric> {
  const metrics: Record<string, SummaryMetric> = {};
  results.forEach(([sent, up, fast], index) => {
    const rate = (index + 1) * 10;
    metrics[`http_reqs{target_rate:${rate}}`] = {
      type: 'counter',
      contains: 'default',
      values: { count: sent },
    };
    metrics[`http_req_failed{target_rate:${rate}}`] = {
      type: 'rate',
      contains: 'default',
      values: { rate: 0 },
      thresholds: { 'rate<=0.01': { ok: up } },
    };
    metrics[`http_req_duration{target_rate:${rate}}`] = {
      type: 'trend',
      contains: 'time',
      values: {},
      thresholds: { 'p(99)<=250': { ok: fast } },
    };
  });
  return metrics;
}

describe('stepThresholds', () => {
  it('copies every SLO per step and counts each step’s requests', () => {
    expect(stepThresholds(service, steps.slice(0, 1))).toEqual({
      'http_req_failed{target_rate:10}': ['rate<=0.01'],
      'http_req_duration{target_rate:10}': ['p(99)<=250'],
      'http_reqs{target_rate:10}': ['count>=0'],
    });
  });
});

describe('sustainedRate', () => {
  it.each([
    {
      title: 'every step held: the top step is sustained',
      results: [
        [100, true, true],
        [200, true, true],
        [300, true, true],
      ] as [number, boolean, boolean][],
      sustained: 30,
      reasons: ['within the SLO', 'within the SLO', 'within the SLO'],
    },
    {
      title: 'the latency SLO broke at the second step',
      results: [
        [100, true, true],
        [200, true, false],
        [300, true, true],
      ] as [number, boolean, boolean][],
      sustained: 10,
      reasons: ['within the SLO', 'broke shop-fast', 'within the SLO'],
    },
    {
      title: 'the load generator fell short at the second step (too few VUs or the run aborted)',
      results: [
        [100, true, true],
        [179, true, true],
      ] as [number, boolean, boolean][],
      sustained: 10,
      reasons: ['within the SLO', 'sent 179 of 200 planned requests', 'sent 0 of 300 planned requests'],
    },
    {
      title: 'the first step broke both SLOs: nothing is sustained',
      results: [[100, false, false]] as [number, boolean, boolean][],
      sustained: undefined,
      reasons: [
        'broke shop-up, shop-fast',
        'sent 0 of 200 planned requests',
        'sent 0 of 300 planned requests',
      ],
    },
  ])('$title', ({ results, sustained, reasons }) => {
    const result = sustainedRate(service, steps, metricsFor(results));
    expect(result.sustainedRate).toBe(sustained);
    expect(result.steps.map((step) => step.reason)).toEqual(reasons);
  });

  it('reports the capacity and the steps up to the first break in Markdown', () => {
    const result = sustainedRate(
      service,
      steps,
      metricsFor([
        [100, true, true],
        [200, true, false],
      ]),
    );
    expect(sustainedRateSection(result)).toBe(
      [
        '### Capacity',
        '',
        'Highest rate sustained within the SLO: **10 requests/s**.',
        '',
        '| Target (req/s) | Sent | Result |',
        '| ---: | ---: | --- |',
        '| 10 | 100 | ✅ within the SLO |',
        '| 20 | 200 | ❌ broke shop-fast |',
      ].join('\n'),
    );
  });
});

import { serviceSloThresholds, sloThresholds, summaryTrendStats, thresholdMetric } from './slo-thresholds.ts';
import type { ServiceSloThresholds, SloThresholdsFile } from './slo-thresholds-file.ts';

const service: ServiceSloThresholds = {
  job: 'shop',
  thresholds: [
    { sloId: 'shop-up', description: 'd', metric: 'http_req_failed', aggregation: 'rate', maxValue: 0.001 },
    {
      sloId: 'shop-fast',
      description: 'd',
      metric: 'http_req_duration',
      aggregation: 'p(99)',
      maxValue: 250,
    },
    { sloId: 'shop-p95', description: 'd', metric: 'http_req_duration', aggregation: 'p(95)', maxValue: 100 },
    {
      sloId: 'shop-checkout',
      description: 'd',
      route: '/orders/:id',
      metric: 'http_req_duration',
      aggregation: 'p(99.5)',
      maxValue: 1000,
    },
  ],
};

describe('sloThresholds', () => {
  it('gives every SLO a condition, conditions on one sub-metric sharing its entry', () => {
    expect(sloThresholds(service)).toEqual({
      http_req_failed: ['rate<=0.001'],
      http_req_duration: ['p(99)<=250', 'p(95)<=100'],
      'http_req_duration{name:/orders/:id}': ['p(99.5)<=1000'],
    });
  });

  it('makes conditions abort the run when asked, after the delay', () => {
    expect(sloThresholds(service, { abortOnFail: true, delayAbortEval: '1m' }).http_req_failed).toEqual([
      { threshold: 'rate<=0.001', abortOnFail: true, delayAbortEval: '1m' },
    ]);
  });

  it.each([
    {
      title: 'no extra tags',
      tags: {} as Record<string, string>,
      metric: 'http_req_duration{name:/orders/:id}',
    },
    {
      title: 'a step tag',
      tags: { target_rate: '40' },
      metric: 'http_req_duration{name:/orders/:id,target_rate:40}',
    },
  ])('filters a route condition with $title', ({ tags, metric }) => {
    expect(thresholdMetric(service.thresholds[3]!, tags)).toBe(metric);
  });
});

describe('summaryTrendStats', () => {
  it('adds every SLO percentile to the usual statistics', () => {
    expect(summaryTrendStats(service)).toEqual([
      'avg',
      'min',
      'med',
      'max',
      'p(90)',
      'p(95)',
      'p(99)',
      'count',
      'p(99.5)',
    ]);
  });
});

describe('serviceSloThresholds', () => {
  const file: SloThresholdsFile = { sourceFile: 'slo.yaml', services: { shop: service } };

  it('finds a service by name', () => {
    expect(serviceSloThresholds(file, 'shop')).toBe(service);
  });

  it('names the variable, the file and the services it has when the service is unknown', () => {
    expect(() => serviceSloThresholds(file, 'cart')).toThrow(
      'SLO_SERVICE: "cart" is not in slo.yaml (services: shop)',
    );
  });
});

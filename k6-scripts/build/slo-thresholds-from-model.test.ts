import { buildSloModel, parseSloSpec } from '@perflens/alert-rules';
import { sloThresholdsFromModel } from './slo-thresholds-from-model.ts';

function thresholdsOf(sloYaml: string) {
  const spec = parseSloSpec(
    `version: perflens/v1\nservices:\n  - name: shop\n    slos:\n${sloYaml}`,
    'test.yaml',
  );
  return sloThresholdsFromModel(buildSloModel(spec), 'test.yaml').services.shop?.thresholds;
}

describe('sloThresholdsFromModel', () => {
  it.each([
    {
      title: 'an availability SLO becomes a failed-request rate at most the error budget',
      slo: '      - { name: up, kind: availability, description: d, objective: 99.9 }',
      expected: [
        {
          sloId: 'shop-up',
          description: 'd',
          metric: 'http_req_failed',
          aggregation: 'rate',
          maxValue: 0.001,
        },
      ],
    },
    {
      title: 'a latency SLO becomes the objective percentile at most the threshold in milliseconds',
      slo: '      - { name: fast, kind: latency, description: d, objective: 99.5, thresholdSeconds: 0.25 }',
      expected: [
        {
          sloId: 'shop-fast',
          description: 'd',
          metric: 'http_req_duration',
          aggregation: 'p(99.5)',
          maxValue: 250,
        },
      ],
    },
    {
      title: 'a latency threshold with binary noise is rounded to whole milliseconds',
      slo: '      - { name: fast, kind: latency, description: d, objective: 95, thresholdSeconds: 0.075 }',
      expected: [
        {
          sloId: 'shop-fast',
          description: 'd',
          metric: 'http_req_duration',
          aggregation: 'p(95)',
          maxValue: 75,
        },
      ],
    },
    {
      title: 'an SLO over two routes becomes one condition per route',
      slo: '      - { name: up, kind: availability, description: d, objective: 99, routes: [/a, /b/:id] }',
      expected: [
        {
          sloId: 'shop-up',
          description: 'd',
          route: '/a',
          metric: 'http_req_failed',
          aggregation: 'rate',
          maxValue: 0.01,
        },
        {
          sloId: 'shop-up',
          description: 'd',
          route: '/b/:id',
          metric: 'http_req_failed',
          aggregation: 'rate',
          maxValue: 0.01,
        },
      ],
    },
  ])('$title', ({ slo, expected }) => {
    expect(thresholdsOf(slo)).toEqual(expected);
  });

  it('keeps each service with its Prometheus job', () => {
    const spec = parseSloSpec(
      [
        'version: perflens/v1',
        'services:',
        '  - { name: a, job: api-a, slos: [{ name: up, kind: availability, description: d, objective: 99 }] }',
        '  - { name: b, slos: [{ name: up, kind: availability, description: d, objective: 99 }] }',
      ].join('\n'),
      'two.yaml',
    );
    const file = sloThresholdsFromModel(buildSloModel(spec), 'two.yaml');
    expect(Object.entries(file.services).map(([name, service]) => [name, service.job])).toEqual([
      ['a', 'api-a'],
      ['b', 'b'],
    ]);
    expect(file.sourceFile).toBe('two.yaml');
  });
});

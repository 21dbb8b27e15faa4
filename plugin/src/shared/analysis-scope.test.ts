import type { PrometheusClient } from '@perflens/analysis/engine';
import { analysisScope } from './analysis-scope';
import { createAnalysisService, jobDataQuery } from './analysis-service';
import { DEFAULT_SETTINGS } from './app-settings';

describe('analysisScope', () => {
  it('turns a millisecond range into whole seconds, at least a minute, with the picked k6 run', () => {
    expect(analysisScope('demo-api', 1_700_000_000_500, 1_700_001_800_900)).toEqual({
      job: 'demo-api',
      endSeconds: 1_700_001_800,
      rangeSeconds: 1800,
    });
    expect(analysisScope('demo-api', 1_700_000_000_000, 1_700_000_010_000).rangeSeconds).toBe(60);
    expect(analysisScope('demo-api', 0, 120_000, { baselineTestid: 'base' })).not.toHaveProperty('baselineTestid');
    expect(analysisScope('demo-api', 0, 120_000, { testid: 'run', baselineTestid: 'base' })).toMatchObject({
      testid: 'run',
      baselineTestid: 'base',
    });
  });
});

describe('whether the job has data', () => {
  it('asks for any series of the job over the range, quoting the job as a PromQL string', () => {
    expect(jobDataQuery({ job: 'demo-api', rangeSeconds: 1800 })).toBe(
      'count(last_over_time({job="demo-api"}[1800s]))'
    );
    expect(jobDataQuery({ job: 'a"b\\c', rangeSeconds: 60 })).toBe('count(last_over_time({job="a\\"b\\\\c"}[60s]))');
  });

  it('is true with a series, false with none, and asked once per scope', async () => {
    const asked: string[] = [];
    const answers = new Map([['count(last_over_time({job="demo-api"}[1800s]))', [{ labels: {}, value: 42 }]]]);
    const client: PrometheusClient = {
      query: async (expr) => {
        asked.push(expr);
        return answers.get(expr) ?? [];
      },
    };
    const service = createAnalysisService(DEFAULT_SETTINGS, {} as never, client);
    const scope = { job: 'demo-api', endSeconds: 1_700_000_000, rangeSeconds: 1800 };
    await expect(service.jobHasData(scope)).resolves.toBe(true);
    await expect(service.jobHasData(scope)).resolves.toBe(true);
    await expect(service.jobHasData({ ...scope, job: 'checkout-api' })).resolves.toBe(false);
    expect(asked).toHaveLength(2);
  });
});

import path from 'node:path';
import { describeWithK6, k6Bundles, runK6 } from '@perflens/test-harness';

// `k6 inspect` of every bundle: what k6 itself makes of the options each script exports (scenario and
// executor, SLO thresholds, test-wide tags, bounded system tags), without running a test.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { entryScripts } = require('../../webpack.config.js') as { entryScripts: () => string[] };

interface InspectedOptions {
  scenarios: Record<string, { executor: string; stages?: unknown[] }>;
  thresholds: Record<string, Array<string | { threshold: string; abortOnFail?: boolean }>>;
  tags: Record<string, string>;
  systemTags: string[];
}

const EXECUTORS: Record<string, string> = {
  smoke: 'constant-vus',
  'average-load': 'ramping-arrival-rate',
  stress: 'ramping-arrival-rate',
  spike: 'ramping-arrival-rate',
  soak: 'ramping-arrival-rate',
  breakpoint: 'ramping-arrival-rate',
};

describeWithK6('k6 inspect of every bundle', (k6) => {
  it('covers every bundle the build makes', () => {
    expect(entryScripts()).toEqual([...Object.keys(EXECUTORS), 'frontend'].sort());
  });

  it.each(Object.keys(EXECUTORS))(
    '%s: one scenario, its executor, SLO thresholds and tags',
    async (testType) => {
      const result = await runK6(
        k6.path,
        ['inspect', '-e', 'TESTID=inspect-run', path.join(await k6Bundles(), `${testType}.js`)],
        {
          timeoutMs: 60_000,
        },
      );
      expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: '' });
      const options = JSON.parse(result.stdout) as InspectedOptions;

      expect(Object.keys(options.scenarios)).toEqual([testType]);
      expect(options.scenarios[testType]?.executor).toBe(EXECUTORS[testType]);
      expect(options.tags).toEqual({ testid: 'inspect-run', test_type: testType });
      expect(options.systemTags).toEqual(expect.arrayContaining(['name', 'status', 'method', 'scenario']));
      expect(options.systemTags).not.toContain('url');
      const slo = (metric: string) =>
        (options.thresholds[metric] ?? []).map((entry) =>
          typeof entry === 'string' ? entry : entry.threshold,
        );
      expect(slo('http_req_duration')).toEqual(['p(99)<=250']);
      expect(slo('http_req_failed')).toEqual(['rate<=0.001']);
      expect(slo('http_req_duration{name:/api/orders/:id}')).toEqual(['p(99.5)<=1000']);
    },
  );

  it('makes the breakpoint SLO thresholds abort the run, and judges each step on its own', async () => {
    const result = await runK6(k6.path, ['inspect', path.join(await k6Bundles(), 'breakpoint.js')], {
      timeoutMs: 60_000,
    });
    const options = JSON.parse(result.stdout) as InspectedOptions;
    expect(options.thresholds.http_req_duration).toEqual([
      { threshold: 'p(99)<=250', abortOnFail: true, delayAbortEval: '1m10s' },
    ]);
    expect(options.thresholds['http_req_duration{target_rate:20}']).toEqual(['p(99)<=250']);
    expect(options.thresholds['http_reqs{target_rate:500}']).toEqual(['count>=0']);
  });

  it('fails a soak run on its memory checks', async () => {
    const result = await runK6(k6.path, ['inspect', path.join(await k6Bundles(), 'soak.js')], {
      timeoutMs: 60_000,
    });
    const options = JSON.parse(result.stdout) as InspectedOptions;
    expect(options.thresholds['checks{memory:rss}']).toEqual(['rate==1']);
    expect(options.thresholds['checks{memory:heap}']).toEqual(['rate==1']);
  });

  it('runs the frontend test in Chromium, judged on web vitals', async () => {
    const result = await runK6(
      k6.path,
      ['inspect', '-e', 'TESTID=inspect-run', path.join(await k6Bundles(), 'frontend.js')],
      {
        timeoutMs: 60_000,
      },
    );
    const options = JSON.parse(result.stdout) as InspectedOptions & {
      scenarios: Record<string, { options?: { browser?: { type?: string } } }>;
    };
    expect(options.scenarios.frontend).toMatchObject({
      executor: 'shared-iterations',
      options: { browser: { type: 'chromium' } },
    });
    expect(options.thresholds).toMatchObject({
      browser_web_vital_lcp: ['p(75)<=2500'],
      browser_web_vital_cls: ['p(75)<=0.1'],
      browser_web_vital_fcp: ['p(75)<=1800'],
      browser_web_vital_ttfb: ['p(75)<=800'],
    });
    expect(options.tags).toEqual({ testid: 'inspect-run', test_type: 'frontend' });
  });
});

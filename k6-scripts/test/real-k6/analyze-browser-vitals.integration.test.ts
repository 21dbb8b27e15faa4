import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumExecutable, describeWithK6 } from '@perflens/test-harness';
import { runAnalyze } from '@perflens/analysis';
import { DEMO_JOB, expectExitCode, remoteWritten, runScript, useK6DemoStack } from './k6-demo-stack';

type AnalyzeFlags = Parameters<typeof runAnalyze>[0];

/**
 * `perflens analyze --testid` of a real k6 frontend run: k6 0.47 drives Debian's Chromium (headless, no
 * sandbox as root) through the demo's shop page three times and remote-writes the web vitals into the
 * demo's Prometheus (the k6-scripts frontend test's own setup). A browser run makes no k6 HTTP requests:
 * its window is found by its VU samples. Once without p(75) among the exported trend stats (judged on the share
 * of loads k6 rated good), once with p(75), as the npm runner exports them (judged on the page's p75).
 */

const SLO_FILE = path.resolve(__dirname, '../../../alert-rules/slo.yaml');
const BROWSER_ENV = {
  K6_BROWSER_EXECUTABLE_PATH: chromiumExecutable(),
  K6_BROWSER_ARGS: 'no-sandbox',
  K6_BROWSER_HEADLESS: 'true',
};

interface Report {
  scope: { rangeSeconds: number };
  findings: Array<{ check: string; severity: string; title: string; evidence: Array<{ value: number }> }>;
}

describeWithK6('perflens analyze --testid of a k6 frontend run: each page’s web vitals', (k6) => {
  const stack = useK6DemoStack();
  let configDir = '';

  beforeAll(() => {
    configDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-browser-vitals-'));
  });
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  async function frontendRun(testid: string, trendStats?: string): Promise<void> {
    const run = await runScript(
      k6,
      stack(),
      'frontend',
      testid,
      { FRONTEND_ITERATIONS: '3' },
      {
        ...BROWSER_ENV,
        ...(trendStats ? { K6_PROMETHEUS_RW_TREND_STATS: trendStats } : {}),
      },
    );
    expectExitCode(run, 0);
    // Remote write is asynchronous to the end of k6: wait until the last vital arrived.
    await remoteWritten(stack().prometheus, 'k6_browser_web_vital_ttfb_count', testid);
  }

  async function analyzeRun(testid: string, extra: Partial<AnalyzeFlags> = {}) {
    let output = '';
    const outcome = await runAnalyze(
      {
        prometheus: stack().prometheus.url,
        job: DEMO_JOB,
        slo: SLO_FILE,
        format: 'json',
        failOn: 'critical',
        testid,
        ...extra,
      },
      (text) => (output += text),
    );
    const report = JSON.parse(output) as Report;
    return {
      outcome,
      report,
      pages: report.findings.filter((f) => f.check === 'load-test.browser-web-vitals'),
    };
  }

  it('without p(75) exported: the shop page, every vital good in all three loads, exit 0', async () => {
    await frontendRun('analysis-frontend-runner', 'p(95),p(99),min,max,avg,med,count,sum');
    const { outcome, report, pages } = await analyzeRun('analysis-frontend-runner');
    expect(outcome).toEqual({ exitCode: 0 });
    // The run's own window, found by its VU samples: seconds, not the 30-day lookback.
    expect(report.scope.rangeSeconds).toBeGreaterThan(0);
    expect(report.scope.rangeSeconds).toBeLessThan(120);
    expect(pages.map((f) => [f.severity, f.title])).toEqual([
      [
        'info',
        'k6 analysis-frontend-runner: page / LCP good in 100% of loads, FCP good in 100% of loads, CLS good in 100% of loads, TTFB good in 100% of loads (all good)',
      ],
    ]);
  }, 120_000);

  it('with p(75) exported: each vital’s p75, and a page over a stricter LCP limit is critical, exit 1', async () => {
    await frontendRun('analysis-frontend-p75', 'p(75),p(95),p(99),min,max,avg,med,count,sum');
    const good = await analyzeRun('analysis-frontend-p75');
    expect(good.pages.map((f) => f.title)).toEqual([
      expect.stringMatching(
        /^k6 analysis-frontend-p75: page \/ p75 LCP [\d.]+ m?s, p75 FCP [\d.]+ m?s, p75 CLS [\d.]+, p75 TTFB [\d.]+ m?s \(all good\)$/,
      ),
    ]);
    const lcp = good.pages[0]?.evidence[0]?.value ?? 0;
    // Real page loads of the demo's shop: rendered, within web.dev's good 2.5 s.
    expect(lcp).toBeGreaterThan(0);
    expect(lcp).toBeLessThanOrEqual(2.5);

    const config = path.join(configDir, 'strict-lcp.json');
    writeFileSync(config, JSON.stringify({ frontend: { lcpGoodSeconds: lcp / 2 } }));
    const strict = await analyzeRun('analysis-frontend-p75', { config });
    expect(strict.outcome).toEqual({ exitCode: 1, message: '1 finding at or above critical' });
    expect(strict.pages.map((f) => [f.severity, f.title])).toEqual([
      [
        'critical',
        expect.stringMatching(/^k6 analysis-frontend-p75: page \/ p75 LCP [\d.]+ m?s \(needs improvement\)$/),
      ],
    ]);
  }, 120_000);
});

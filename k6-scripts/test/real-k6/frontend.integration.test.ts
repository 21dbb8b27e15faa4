import { chromiumExecutable, describeWithK6 } from '@perflens/test-harness';
import { expectExitCode, remoteWritten, runScript, useK6DemoStack } from './k6-demo-stack';

// The frontend bundle under a real k6: Chromium (Debian's, headless, no sandbox as root) loads the demo's
// shop page a few times; the web vitals k6's browser module measures must pass their thresholds and reach
// Prometheus through remote write, labelled with testid, test_type=frontend and page.

describeWithK6('k6 frontend test against the demo in Chromium', (k6) => {
  const stack = useK6DemoStack();

  it('loads the shop page, passes the web-vital thresholds and remote-writes the vitals', async () => {
    const run = await runScript(
      k6,
      stack(),
      'frontend',
      'real-k6-frontend',
      { FRONTEND_ITERATIONS: '3' },
      {
        K6_BROWSER_EXECUTABLE_PATH: chromiumExecutable(),
        K6_BROWSER_ARGS: 'no-sandbox',
        K6_BROWSER_HEADLESS: 'true',
      },
    );
    expectExitCode(run, 0);
    for (const vital of ['lcp', 'fcp', 'cls', 'ttfb']) {
      const metric = run.summary.metrics[`browser_web_vital_${vital}`];
      // One value per page load; thresholds that judged samples (an empty metric would also "hold").
      expect({ vital, count: metric?.values.count, thresholds: metric?.thresholds }).toEqual({
        vital,
        count: 3,
        thresholds: { [Object.keys(metric?.thresholds ?? {})[0] ?? 'none']: { ok: true } },
      });
    }
    expect(run.summary.metrics.checks?.values).toMatchObject({ passes: 3, fails: 0 });
    expect(run.markdown).toMatch(/^## k6 frontend test: ✅ passed\n/);
    expect(run.markdown).toContain('| `browser_web_vital_lcp` | `p(75)<=2500` |');

    for (const metric of [
      'k6_browser_web_vital_lcp_p99',
      'k6_browser_web_vital_cls_p99',
      'k6_browser_web_vital_ttfb_p99',
    ]) {
      const series = await remoteWritten(stack().prometheus, metric, 'real-k6-frontend');
      expect({ metric, series }).toEqual({
        metric,
        series: expect.arrayContaining([
          expect.objectContaining({ testid: 'real-k6-frontend', test_type: 'frontend', page: '/' }),
        ]),
      });
    }
  }, 120_000);
});

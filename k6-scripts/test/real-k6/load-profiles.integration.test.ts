import { describeWithK6 } from '@perflens/test-harness';
import { expectExitCode, remoteWritten, runScript, useK6DemoStack } from './k6-demo-stack';

// The smoke, average-load and spike bundles (dist/*.js) under a real k6 against the demo, results
// remote-written into a real Prometheus. Durations of a few seconds through the scripts' own variables.

describeWithK6('k6 smoke, average-load and spike tests against the demo', (k6) => {
  const stack = useK6DemoStack();

  it('smoke passes (exit 0): every threshold held, reports written, results in Prometheus', async () => {
    const run = await runScript(k6, stack(), 'smoke', 'real-k6-smoke', {
      HOLD_DURATION: '5s',
      SMOKE_VUS: '2',
    });
    expectExitCode(run, 0);
    expect(run.summary.metrics.checks?.thresholds).toEqual({ 'rate==1': { ok: true } });
    expect(run.summary.metrics.http_req_failed?.thresholds).toEqual({ 'rate<=0.001': { ok: true } });
    expect(run.summary.metrics.http_reqs?.values.count).toBeGreaterThan(10);
    expect(run.markdown).toMatch(/^## k6 smoke test: ✅ passed\n/);
    expect(run.markdown).toContain('testid `real-k6-smoke`');
    expect(run.junit).toMatch(/<testsuite name="k6.smoke thresholds" tests="\d+" failures="0">/);
    // Our own text summary replaced k6's (handleSummary), and k6 started without fetching anything.
    expect(run.stdout).toContain('█ thresholds');
    expect(run.stdout).toContain('✓ checks: rate==1 (rate=100%)');
    expect(run.stderr).not.toContain("couldn't be retrieved");

    const series = await remoteWritten(stack().prometheus, 'k6_http_reqs_total', 'real-k6-smoke');
    expect(series).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          testid: 'real-k6-smoke',
          test_type: 'smoke',
          name: '/api/products',
          method: 'GET',
        }),
        expect.objectContaining({ name: '/api/orders', method: 'POST', status: '201' }),
      ]),
    );
    // Bounded cardinality: the url tag is off, so no series carries a full URL.
    expect(series.filter((labels) => 'url' in labels)).toEqual([]);
    const p95 = await remoteWritten(stack().prometheus, 'k6_http_req_duration_p95', 'real-k6-smoke');
    expect(p95.length).toBeGreaterThan(0);
  }, 90_000);

  it.each<{ testType: string; variables: Record<string, string>; profile: RegExp; minIterations: number }>([
    {
      testType: 'average-load',
      variables: { LOAD_RATE: '10', RAMP_DURATION: '1s', HOLD_DURATION: '4s' },
      // k6 describes a ramping-arrival-rate scenario as "Up to <peak> iterations/s for <total> over <n> stages".
      profile: /average-load: Up to 10\.00 iterations\/s for 6s over 3 stages/,
      minIterations: 35,
    },
    {
      testType: 'spike',
      variables: { LOAD_RATE: '5', SPIKE_MULTIPLIER: '4', RAMP_DURATION: '1s', HOLD_DURATION: '2s' },
      profile: /spike: Up to 20\.00 iterations\/s for 6s over 5 stages/,
      minIterations: 45,
    },
  ])(
    '$testType runs its ramping-arrival-rate profile and sends the planned requests',
    async ({ testType, variables, profile, minIterations }) => {
      const testId = `real-k6-${testType}`;
      const run = await runScript(k6, stack(), testType, testId, variables);
      expectExitCode(run, 0);
      expect(run.stdout).toMatch(profile);
      expect(run.summary.metrics.iterations?.values.count).toBeGreaterThanOrEqual(minIterations);
      expect(run.summary.metrics.dropped_iterations).toBeUndefined();
      expect(run.markdown).toMatch(new RegExp(`^## k6 ${testType} test: ✅ passed\\n`));

      const series = await remoteWritten(stack().prometheus, 'k6_iterations_total', testId);
      expect(series).toEqual([
        expect.objectContaining({ testid: testId, test_type: testType, scenario: testType }),
      ]);
    },
    90_000,
  );
});

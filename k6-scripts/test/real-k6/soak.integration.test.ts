import { describeWithK6 } from '@perflens/test-harness';
import { expectExitCode, failedThresholds, remoteWritten, runScript, useK6DemoStack } from './k6-demo-stack';

// The soak bundle under a real k6 against the demo in its own process, with the memory check reading the
// demo's RSS and heap from the stack's Prometheus (scraped every second). A 14 s plateau at 20 requests/s,
// judged over its last 11 s: with the demo's memory leak on, every /api request keeps 256 KiB outside the
// V8 heap, about 5 MiB/s or 18,000 MiB/h of RSS (measured 9,600-18,100); with it off, growth measured
// 40-2,000 MiB/h of RSS and 400-2,300 MiB/h of heap, the garbage-collection sawtooth over so short a window
// (a real soak judges hours). Hence the high limit (MEMORY_GROWTH_LIMIT_MB_PER_HOUR) between the two.

const LIMIT_MB_PER_HOUR = 6000;
const SOAK = {
  LOAD_RATE: '20',
  RAMP_DURATION: '1s',
  SOAK_DURATION: '14s',
  MEMORY_GROWTH_LIMIT_MB_PER_HOUR: String(LIMIT_MB_PER_HOUR),
};

describeWithK6('k6 soak test against the demo, memory checked in Prometheus', (k6) => {
  const stack = useK6DemoStack();

  it('passes its memory checks (exit 0) with the memory leak off', async () => {
    // Warm-up: a young Node.js process grows (JIT, heap sizing) for a while under its first load; a real
    // soak test excludes that with its warm-up window, which here is only 3 s. Its verdict does not matter.
    await runScript(k6, stack(), 'smoke', 'real-k6-soak-warm-up', { HOLD_DURATION: '3s' });
    const run = await runScript(k6, stack(), 'soak', 'real-k6-soak-healthy', {
      ...SOAK,
      PROMETHEUS_URL: stack().prometheus.url,
    });
    expect(run.summary.metrics['checks{memory:rss}']?.values).toMatchObject({ passes: 1, fails: 0 });
    expect(run.summary.metrics['checks{memory:heap}']?.values).toMatchObject({ passes: 1, fails: 0 });
    expect(run.markdown).toMatch(/\| rss \| -?[\d.]+ MiB\/h \| ✅ \|/);
    // This test is about the memory verdict. On a machine busy with other test files (Chromium, PostgreSQL
    // clusters, load generators) the latency SLO (p99 <= 250 ms) can break on its own (measured p99 371 ms
    // at a load average of 18 on 2 cores); then k6 exits 99 for that reason and no other.
    const failed = failedThresholds(run.summary);
    expect(failed.filter((threshold) => !threshold.startsWith('http_req_duration'))).toEqual([]);
    if (failed.length === 0) expectExitCode(run, 0);
    else expectExitCode(run, 99);
  }, 90_000);

  it('fails its memory check (exit 99) with the memory leak on', async () => {
    await stack().switchBottleneck('memory-leak', true);
    try {
      const run = await runScript(k6, stack(), 'soak', 'real-k6-soak-leak', {
        // The full plateau: in a 10 s one the leaked buffers could fit in memory the process had already
        // freed (after the leak-off run), and RSS once stayed within the limit. Twice the rate: after the
        // leak-off run V8's heap can shrink while this one runs (CI measured heap -15,500 MiB/h, which took
        // RSS to -4,300 MiB/h against a 4.8 MiB/s leak); at 40 requests/s the leak outgrows that shrink.
        ...SOAK,
        LOAD_RATE: '40',
        PROMETHEUS_URL: stack().prometheus.url,
      });
      expectExitCode(run, 99);
      expect(run.summary.metrics['checks{memory:rss}']).toMatchObject({
        values: { passes: 0, fails: 1 },
        thresholds: { 'rate==1': { ok: false } },
      });
      expect(run.summary.metrics.soak_rss_growth_bytes_per_hour?.values.value).toBeGreaterThan(
        LIMIT_MB_PER_HOUR * 1024 * 1024,
      );
      expect(run.markdown).toMatch(/^## k6 soak test: ❌ \d threshold\(s\) failed\n/);
      expect(run.markdown).toMatch(/\| rss \| [\d.]+ MiB\/h \| ❌ \|/);
      expect(run.stdout).toContain('✗ checks{memory:rss}: rate==1');

      const growth = await remoteWritten(
        stack().prometheus,
        'k6_soak_rss_growth_bytes_per_hour',
        'real-k6-soak-leak',
      );
      expect(growth).toEqual([expect.objectContaining({ testid: 'real-k6-soak-leak', test_type: 'soak' })]);
    } finally {
      await stack().switchBottleneck('memory-leak', false);
    }
  }, 90_000);
});

import { SLO_BUDGET_REMAINING } from '@perflens/conventions';
import { useService, useSharedPostgres } from '@perflens/test-harness';
import { DEMO_ADMIN_TOKEN, driveTraffic, startObservedStack } from '../../test/observed-stack';
import { remoteWrite, type WriteSeries } from '../../test/remote-write';
import { allDashboards } from './all-dashboards';
import { queriesOf } from './inspect/dashboard-inspection';

const TESTID = 'dashboards-live';

/**
 * What Grafana would put in place of the variables: "All" for every label variable (allValue ".*"), the
 * test's k6 testid, and ranges the 1 s scrape interval fills.
 */
function substitute(expr: string): string {
  return expr
    .replace(/\$__rate_interval/g, '30s')
    .replace(/\$__range/g, '5m')
    .replace(/\$testid/g, TESTID)
    .replace(/\$\{?\w+\}?/g, '.*');
}

/** k6's Prometheus remote-write output in trend-stats mode (k6 reference notes §3), 6 flushes 5 s apart. */
function k6Series(now: number): WriteSeries[] {
  const times = Array.from({ length: 6 }, (_, i) => now - (5 - i) * 5_000);
  const tags = { testid: TESTID, scenario: 'default' };
  const series = (name: string, value: (i: number) => number, extra: Record<string, string> = {}) => ({
    labels: { __name__: name, ...tags, ...extra },
    samples: times.map((t, i): [number, number] => [t, value(i)]),
  });
  const request = { name: 'GET /api/orders', method: 'GET', status: '200', expected_response: 'true' };
  return [
    series('k6_vus', (i) => 2 + i),
    series('k6_http_reqs_total', (i) => 50 * (i + 1), request),
    series('k6_http_req_duration_p99', () => 0.18, request),
    series('k6_http_req_duration_p95', () => 0.09, request),
    series('k6_http_req_failed_rate', () => 0),
    series('k6_checks_rate', () => 1),
    // The frontend test's page loads in Chromium: one trend per vital, page and rating (k6 browser module).
    ...['lcp', 'fcp', 'cls', 'ttfb'].flatMap((vital) => {
      const load = { page: '/', rating: 'good', test_type: 'frontend' };
      return [
        series(`k6_browser_web_vital_${vital}_p75`, () => (vital === 'cls' ? 0.02 : 0.3), load),
        series(`k6_browser_web_vital_${vital}_count`, (i) => i + 1, load),
      ];
    }),
  ];
}

describe('dashboards are live: every panel query returns data from a real Prometheus', () => {
  const database = useSharedPostgres();
  const stack = useService('observed stack', () => startObservedStack(database().connectionString));

  beforeAll(async () => {
    const { demo, prometheus } = stack();
    // Errors and N+1 on, so the error panels have 5xx series to show.
    for (const name of ['error-burst', 'n-plus-one']) {
      await fetch(`${demo.url}/admin/bottlenecks/${name}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${DEMO_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled: true }),
      });
    }
    await remoteWrite(prometheus.url, k6Series(Date.now()));
    await driveTraffic(stack(), 8_000);
    // The SLO recordings evaluate every second; wait until the slowest-built one has a value.
    await prometheus.waitFor(SLO_BUDGET_REMAINING, (r) => r.length > 0);
  }, 120_000);

  const queries = allDashboards().flatMap(queriesOf);

  it('covers every panel of the nine dashboards', () => {
    expect(new Set(queries.map((q) => q.dashboardUid)).size).toBe(9);
  });

  it.each(queries.map((q) => [`${q.dashboardUid} / ${q.panelTitle} / ${q.refId}`, q.expr] as const))(
    '%s returns data',
    async (_where, expr) => {
      const result = await stack().prometheus.waitFor(substitute(expr), (r) => r.length > 0, {
        timeoutMs: 15_000,
      });
      expect(result.length).toBeGreaterThan(0);
    },
  );
});

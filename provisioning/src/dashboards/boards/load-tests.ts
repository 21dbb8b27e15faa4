import { DASHBOARD_UIDS } from '@perflens/conventions';
import { dashboardUrl } from '../kit/dashboard-links';
import { buildDashboard } from '../kit/perflens-dashboard';
import { statPanel, timeseriesPanel } from '../kit/panels';
import type { SloThresholds } from '../kit/slo-thresholds';
import { labelVariable } from '../kit/variables';

const sel = 'testid=~"$testid"';

/**
 * k6 runs streamed with `-o experimental-prometheus-rw --tag testid=<id>` (trend stats mode: k6_<trend>_p99
 * etc. in seconds; counters k6_<name>_total; rates k6_<name>_rate), one test at a time by testid.
 */
export function loadTestsDashboard(t: SloThresholds) {
  return buildDashboard({
    uid: DASHBOARD_UIDS.loadTests,
    title: 'Perflens / Load tests',
    description:
      'k6 results written through Prometheus remote write, per testid: load, throughput, latency, failures, checks.',
    tags: ['k6', 'load-tests'],
    variables: [labelVariable('testid', 'testid', 'k6_vus', { title: 'Test id', multi: false })],
    sections: [
      {
        title: 'Summary',
        panels: [
          statPanel({
            title: 'Failed requests',
            description: 'Share of HTTP requests k6 counted as failed (k6_http_req_failed_rate).',
            unit: 'percentunit',
            queries: [{ expr: `max(k6_http_req_failed_rate{${sel}})`, legend: 'failed' }],
            thresholds: [[t.errorRatio, 'red']],
          }),
          statPanel({
            title: 'Checks passed',
            description: 'Share of k6 checks that passed.',
            unit: 'percentunit',
            baseColor: 'red',
            thresholds: [[0.99, 'green']],
            queries: [{ expr: `min(k6_checks_rate{${sel}})`, legend: 'checks' }],
          }),
          statPanel({
            title: 'Requests',
            description: 'HTTP requests sent during the test.',
            unit: 'short',
            queries: [
              { expr: `sum(max_over_time(k6_http_reqs_total{${sel}}[$__range]))`, legend: 'requests' },
            ],
          }),
          statPanel({
            title: 'Peak virtual users',
            description: 'Highest number of active virtual users.',
            unit: 'short',
            queries: [{ expr: `max(max_over_time(k6_vus{${sel}}[$__range]))`, legend: 'VUs' }],
          }),
        ],
      },
      {
        title: 'Over time',
        panels: [
          timeseriesPanel({
            title: 'Virtual users and request rate',
            description:
              'Load applied (VUs) against throughput obtained: a flat rate under growing VUs is saturation.',
            unit: 'short',
            queries: [
              { expr: `sum(k6_vus{${sel}})`, legend: 'VUs' },
              { expr: `sum(irate(k6_http_reqs_total{${sel}}[$__rate_interval]))`, legend: 'requests/s' },
            ],
          }),
          timeseriesPanel({
            title: 'Request duration p99 and p95',
            description:
              'Cumulative since the test started (k6 trend stats); the latency SLO is drawn as a line.',
            unit: 's',
            queries: [
              { expr: `max by (name) (k6_http_req_duration_p99{${sel}})`, legend: 'p99 {{name}}' },
              { expr: `max by (name) (k6_http_req_duration_p95{${sel}})`, legend: 'p95 {{name}}' },
            ],
            thresholds: [[t.latencySeconds, 'red']],
            links: [{ title: 'Service during the test', url: dashboardUrl(DASHBOARD_UIDS.slo) }],
          }),
        ],
      },
    ],
  });
}

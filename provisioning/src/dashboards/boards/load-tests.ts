import { DASHBOARD_UIDS } from '@perflens/conventions';
import { dashboardUrl } from '../kit/dashboard-links';
import { buildDashboard } from '../kit/perflens-dashboard';
import { statPanel, tablePanel, type ThresholdColor, timeseriesPanel } from '../kit/panels';
import type { SloThresholds } from '../kit/slo-thresholds';
import { labelVariable } from '../kit/variables';

const sel = 'testid=~"$testid"';

/**
 * The Core Web Vitals the k6 frontend test measures in Chromium (k6_browser_web_vital_<vital>_*, seconds
 * except CLS) and web.dev's good and poor values at p75: the frontend test's thresholds and perflens
 * analyze's frontend.*Good / *Poor defaults.
 */
const BROWSER_VITALS: Array<{ name: string; vital: string; unit: string; good: number; poor: number }> = [
  { name: 'LCP', vital: 'lcp', unit: 's', good: 2.5, poor: 4 },
  { name: 'FCP', vital: 'fcp', unit: 's', good: 1.8, poor: 3 },
  { name: 'CLS', vital: 'cls', unit: 'none', good: 0.1, poor: 0.25 },
  { name: 'TTFB', vital: 'ttfb', unit: 's', good: 0.8, poor: 1.8 },
];

/** Loads of a page counted per vital: k6 keeps one trend per `rating`, whose count scale cancels in a share. */
const loads = (vital: string, rating?: string) =>
  `sum by (page) (max_over_time(k6_browser_web_vital_${vital}_count{${sel}${rating ? `,rating="${rating}"` : ''}}[$__range]))`;

/**
 * k6 runs streamed with `-o experimental-prometheus-rw --tag testid=<id>` (trend stats mode: k6_<trend>_p99
 * etc. in seconds; counters k6_<name>_total; rates k6_<name>_rate), one test at a time by testid. A test
 * split across k6 processes (execution segments, k6-operator) writes one series per process (`instance_id`)
 * under the same testid: counts, rates and VUs are summed over them; percentiles and check rates, which
 * cannot be added, show the worst process.
 */
export function loadTestsDashboard(t: SloThresholds) {
  return buildDashboard({
    uid: DASHBOARD_UIDS.loadTests,
    title: 'Perflens / Load tests',
    description:
      'k6 results written through Prometheus remote write, per testid: load, throughput, latency, failures, checks, and the web vitals of each page a browser test loaded.',
    tags: ['k6', 'load-tests'],
    variables: [labelVariable('testid', 'testid', 'k6_vus', { title: 'Test id', multi: false })],
    sections: [
      {
        title: 'Summary',
        panels: [
          statPanel({
            title: 'Failed requests',
            description:
              'Share of HTTP requests k6 counted as failed (expected_response="false", what http_req_failed counts), over every k6 process of the test.',
            unit: 'percentunit',
            // Counts, not k6_http_req_failed_rate: a test split across k6 processes (execution segments)
            // has one rate per process and request name, and only counts add up to the test's share.
            queries: [
              {
                expr: `(sum(max_over_time(k6_http_reqs_total{${sel},expected_response="false"}[$__range])) or vector(0)) / sum(max_over_time(k6_http_reqs_total{${sel}}[$__range]))`,
                legend: 'failed',
              },
            ],
            thresholds: [[t.errorRatio, 'red']],
          }),
          statPanel({
            title: 'Checks passed',
            description:
              'Share of k6 checks that passed: the lowest of any check in any k6 process (k6 writes no check counts to add up).',
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
            description: 'Highest number of active virtual users, summed over every k6 process of the test.',
            unit: 'short',
            // The processes' VUs added at each step, then the peak: not the largest process's own peak.
            queries: [{ expr: `max_over_time(sum(k6_vus{${sel}})[$__range:])`, legend: 'VUs' }],
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
              "Cumulative since the test started (k6 trend stats); the latency SLO is drawn as a line. A test split across k6 processes shows the higher of their percentiles, an upper bound of the whole test's.",
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
      {
        title: 'Pages (k6 browser, frontend test)',
        panels: [
          ...BROWSER_VITALS.map((v) =>
            timeseriesPanel({
              title: `${v.name} p75 by page`,
              description: `k6's p75 of ${v.name} per page since the test started, one line per rating k6 gave the loads (a page whose loads all rate alike has one: its p75); good up to ${v.good}, poor above ${v.poor}. Needs p(75) in K6_PROMETHEUS_RW_TREND_STATS.`,
              unit: v.unit,
              queries: [
                {
                  expr: `max by (page, rating) (k6_browser_web_vital_${v.vital}_p75{${sel}})`,
                  legend: '{{page}} ({{rating}})',
                },
              ],
              // Yellow and orange, not red: red steps on a seconds panel mark the request-latency SLO.
              thresholds: [
                [v.good, 'yellow' as ThresholdColor],
                [v.poor, 'orange' as ThresholdColor],
              ],
              width: 6,
            }),
          ),
          tablePanel({
            title: 'Page loads rated good',
            description:
              "Share of each page's loads k6's browser rated good, per vital: the p75 is good when it is 75% or more (web.dev).",
            unit: 'percentunit',
            baseColor: 'red',
            thresholds: [[0.75, 'green']],
            queries: BROWSER_VITALS.map((v) => ({
              expr: `${loads(v.vital, 'good')} / ${loads(v.vital)}`,
              legend: v.name,
            })),
            height: 6,
          }),
        ],
      },
    ],
  });
}

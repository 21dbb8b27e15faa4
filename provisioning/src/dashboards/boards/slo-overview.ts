import {
  DASHBOARD_UIDS,
  HTTP_ACTIVE_REQUESTS,
  HTTP_REQUEST_DURATION,
  quote,
  SERVER_ERROR_STATUS_REGEX,
  SLO_BUDGET_REMAINING,
  SLO_OBJECTIVE,
  sloErrorRatio,
} from '@perflens/conventions';
import { dashboardUrl } from '../kit/dashboard-links';
import { buildDashboard } from '../kit/perflens-dashboard';
import { statPanel, tablePanel, timeseriesPanel } from '../kit/panels';
import type { SloThresholds } from '../kit/slo-thresholds';
import { labelVariable } from '../kit/variables';

const sel = 'job=~"$job"';
const requests = `${HTTP_REQUEST_DURATION}_count{${sel}}`;
const errors = `${HTTP_REQUEST_DURATION}_count{${sel},http_response_status_code=~${quote(SERVER_ERROR_STATUS_REGEX)}}`;

/** Service overview: the SLOs and their error budget, then rate, errors and duration per route. */
export function sloOverviewDashboard(t: SloThresholds) {
  return buildDashboard({
    uid: DASHBOARD_UIDS.slo,
    title: 'Perflens / SLOs',
    description:
      'Service overview: SLO error budgets and burn rates (alert-rules/slo.yaml), then rate, errors and duration per route.',
    tags: ['slo', 'api'],
    variables: [
      labelVariable('job', 'job', `${HTTP_REQUEST_DURATION}_count`, { title: 'Job' }),
      labelVariable('slo', 'slo', `${SLO_OBJECTIVE}{${sel}}`, { title: 'SLO' }),
    ],
    sections: [
      {
        title: 'SLOs',
        panels: [
          statPanel({
            title: 'Error budget remaining (SLO period)',
            description: "Share of the period's error budget left; below 0 the SLO is missed.",
            unit: 'percentunit',
            queries: [
              {
                expr: `${SLO_BUDGET_REMAINING}{${sel},slo=~"$slo"}`,
                legend: '{{job}} {{slo}}',
              },
            ],
            baseColor: 'red',
            thresholds: [
              [0, 'yellow'],
              [0.25, 'green'],
            ],
            width: 12,
          }),
          timeseriesPanel({
            title: 'Burn rate over 1 h',
            description:
              'Error ratio over 1 h divided by the allowed error ratio; 14.4 pages (SRE workbook).',
            unit: 'none',
            queries: [
              {
                expr: `${sloErrorRatio('1h')}{${sel},slo=~"$slo"} / on(job, slo) (1 - ${SLO_OBJECTIVE}{${sel},slo=~"$slo"})`,
                legend: '{{job}} {{slo}}',
              },
            ],
            thresholds: [
              [6, 'orange'],
              [14.4, 'red'],
            ],
            width: 12,
          }),
        ],
      },
      {
        title: 'Requests',
        panels: [
          statPanel({
            title: 'Request rate',
            description: 'Requests per second, all routes.',
            unit: 'reqps',
            queries: [{ expr: `sum(rate(${requests}[$__rate_interval]))`, legend: 'requests' }],
          }),
          statPanel({
            title: 'Server error ratio',
            description: 'Share of requests answered 5xx; the threshold is the availability SLO.',
            unit: 'percentunit',
            queries: [
              {
                expr: `(sum(rate(${errors}[$__rate_interval])) or vector(0)) / sum(rate(${requests}[$__rate_interval]))`,
                legend: '5xx ratio',
              },
            ],
            thresholds: [[t.errorRatio, 'red']],
          }),
          statPanel({
            title: 'p99 latency',
            description: 'Slowest 1 % of requests, all routes; the threshold is the latency SLO.',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.99, sum by (le) (rate(${HTTP_REQUEST_DURATION}_bucket{${sel}}[$__rate_interval])))`,
                legend: 'p99',
              },
            ],
            thresholds: [[t.latencySeconds, 'red']],
          }),
          statPanel({
            title: 'In-flight requests',
            description: 'Requests being served now.',
            unit: 'short',
            queries: [{ expr: `sum(${HTTP_ACTIVE_REQUESTS}{${sel}})`, legend: 'in flight' }],
          }),
          timeseriesPanel({
            title: 'Requests per route',
            description: 'Request rate per route template.',
            unit: 'reqps',
            queries: [
              { expr: `sum by (http_route) (rate(${requests}[$__rate_interval]))`, legend: '{{http_route}}' },
            ],
            links: [
              {
                title: 'Route drill-down',
                url: dashboardUrl(DASHBOARD_UIDS.api, ['job']),
              },
            ],
            width: 8,
          }),
          timeseriesPanel({
            title: 'Server errors per route',
            description: '5xx responses per second per route template.',
            unit: 'reqps',
            queries: [
              { expr: `sum by (http_route) (rate(${errors}[$__rate_interval]))`, legend: '{{http_route}}' },
            ],
            width: 8,
          }),
          timeseriesPanel({
            title: 'p95 latency per route',
            description: 'The latency SLO threshold is drawn as a line.',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.95, sum by (le, http_route) (rate(${HTTP_REQUEST_DURATION}_bucket{${sel}}[$__rate_interval])))`,
                legend: '{{http_route}}',
              },
            ],
            thresholds: [[t.latencySeconds, 'red']],
            width: 8,
          }),
          tablePanel({
            title: 'Routes by request rate',
            description: 'Request rate per route now; open the route drill-down from the panel link.',
            unit: 'reqps',
            queries: [
              {
                expr: `sort_desc(sum by (job, http_route) (rate(${requests}[5m])))`,
                legend: '{{http_route}}',
              },
            ],
            links: [
              {
                title: 'Route drill-down',
                url: dashboardUrl(DASHBOARD_UIDS.api, ['job']),
              },
            ],
          }),
        ],
      },
    ],
  });
}

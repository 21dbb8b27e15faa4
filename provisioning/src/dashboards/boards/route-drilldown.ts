import {
  DASHBOARD_UIDS,
  HTTP_ACTIVE_REQUESTS,
  HTTP_REQUEST_DURATION,
  HTTP_RESPONSE_BODY_SIZE,
  ROUTE_DB_QUERIES,
  ROUTE_DB_SECONDS,
} from '@perflens/conventions';
import { dashboardUrl } from '../kit/dashboard-links';
import { buildDashboard } from '../kit/perflens-dashboard';
import { timeseriesPanel } from '../kit/panels';
import type { SloThresholds } from '../kit/slo-thresholds';
import { labelVariable } from '../kit/variables';

const sel = 'job=~"$job",instance=~"$instance",http_route=~"$route"';
const rate = (metric: string, extra = '') => `rate(${metric}{${sel}${extra}}[$__rate_interval])`;
const count = `${HTTP_REQUEST_DURATION}_count`;

/** One route (or several): latency percentiles, status codes, database time and queries, payload sizes. */
export function routeDrilldownDashboard(t: SloThresholds) {
  return buildDashboard({
    uid: DASHBOARD_UIDS.api,
    title: 'Perflens / API',
    description:
      'Route drill-down: where a route spends its time (database or not), its status codes and payload sizes.',
    tags: ['api'],
    variables: [
      labelVariable('job', 'job', count, { title: 'Job' }),
      labelVariable('instance', 'instance', `${count}{job=~"$job"}`, { title: 'Instance' }),
      labelVariable('route', 'http_route', `${count}{job=~"$job"}`, { title: 'Route' }),
    ],
    sections: [
      {
        title: 'Latency and traffic',
        panels: [
          timeseriesPanel({
            title: 'Latency percentiles',
            description: 'p50, p95 and p99 of the selected routes; the latency SLO is drawn as a line.',
            unit: 's',
            queries: [0.5, 0.95, 0.99].map((q) => ({
              expr: `histogram_quantile(${q}, sum by (le, http_route) (${rate(`${HTTP_REQUEST_DURATION}_bucket`)}))`,
              legend: `p${q * 100} {{http_route}}`,
            })),
            thresholds: [[t.latencySeconds, 'red']],
          }),
          timeseriesPanel({
            title: 'Responses by status code',
            description: 'Responses per second by route and status code (499: the client went away).',
            unit: 'reqps',
            queries: [
              {
                expr: `sum by (http_route, http_response_status_code) (${rate(count)})`,
                legend: '{{http_route}} {{http_response_status_code}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Database share',
        panels: [
          timeseriesPanel({
            title: 'Database time per request',
            description:
              'Seconds of queries per request: close to the latency means the database is the bottleneck.',
            unit: 's',
            queries: [
              {
                expr: `sum by (http_route) (${rate(ROUTE_DB_SECONDS)}) / sum by (http_route) (${rate(count)})`,
                legend: '{{http_route}}',
              },
            ],
            links: [
              {
                title: 'Database',
                url: dashboardUrl(DASHBOARD_UIDS.database, ['job']),
              },
            ],
          }),
          timeseriesPanel({
            title: 'Queries per request',
            description: 'A count that grows with the result size is an N+1 pattern.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (http_route) (${rate(ROUTE_DB_QUERIES)}) / sum by (http_route) (${rate(count)})`,
                legend: '{{http_route}}',
              },
            ],
            thresholds: [
              [10, 'orange'],
              [20, 'red'],
            ],
          }),
        ],
      },
      {
        title: 'Payloads',
        panels: [
          timeseriesPanel({
            title: 'Response size p95',
            description:
              'Bytes written per response (after compression when compression runs after Perflens).',
            unit: 'bytes',
            queries: [
              {
                expr: `histogram_quantile(0.95, sum by (le, http_route) (${rate(`${HTTP_RESPONSE_BODY_SIZE}_bucket`)}))`,
                legend: '{{http_route}}',
              },
            ],
            thresholds: [[1048576, 'orange']],
          }),
          timeseriesPanel({
            title: 'In-flight requests',
            description: 'Requests being served, by method.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (http_request_method) (${HTTP_ACTIVE_REQUESTS}{job=~"$job",instance=~"$instance"})`,
                legend: '{{http_request_method}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}

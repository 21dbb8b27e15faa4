// Names of the SLO recording rules, in Sloth's naming scheme (level:metric:operations), that the
// generated rule files record and dashboards, the analysis engine and the plugin read.

/** The SLO's objective as a ratio (0.999), one series per SLO. */
export const SLO_OBJECTIVE = 'slo:objective:ratio';
/** The SLO's error budget as a ratio (1 - objective). */
export const SLO_ERROR_BUDGET = 'slo:error_budget:ratio';
/** The share of the period's error budget not yet spent (negative when overspent). */
export const SLO_BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';

/** The SLI error ratio over a window such as `5m` or `30d`. */
export function sloErrorRatio(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** The SLI request rate over a window such as `5m`. */
export function sloRequestRate(window: string): string {
  return `slo:sli_requests:rate${window}`;
}

/**
 * Per-route aggregates over every instance, method and status code, recorded every minute over the last
 * hour (alert-rules' `route-aggregates` group), for panels and reports that read weeks or months: one
 * series per route (and bucket) instead of one per instance, method and status code, at 1m instead of
 * the scrape interval, and an hour's window at least as wide as a month-long graph's steps, so no traffic
 * falls between points.
 */
export const ROUTE_AGGREGATES = {
  interval: '1m',
  window: '1h',
  /** Requests per second of each `job`, `http_route`. */
  requestRate: 'job_route:http_server_requests:rate1h',
  /** Share of those requests answered with a 5xx; absent for a route idle the whole hour. */
  errorRatio: 'job_route:http_server_errors:ratio_rate1h',
  /** `http_server_request_duration_seconds_bucket` per second of each `job`, `http_route`, `le`. */
  durationBucketRate: 'job_route_le:http_server_request_duration_seconds_bucket:rate1h',
} as const;

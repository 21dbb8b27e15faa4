import {
  HTTP_REQUEST_DURATION,
  HTTP_RESPONSE_BODY_SIZE,
  leRegex,
  ROUTE_DB_QUERIES,
  ROUTE_DB_SECONDS,
  selector,
  SERVER_ERROR_STATUS_REGEX,
} from '@perflens/conventions';
import type { AnalysisScope } from './analysis-scope';
import { scopeRange } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { indexBy, labelKey, optional, type QueryResults } from './query-batch';
import { runWindowedQuerySet, type WindowedEvidence } from './recent-window';

/** One route (method + template) of the service over the analysed range. */
export interface RouteStats {
  method: string;
  route: string;
  requestsPerSecond: number;
  /** Responses with a 5xx status, per second. */
  serverErrorsPerSecond: number;
  meanDurationSeconds?: number;
  /** The typical request: what queueing behind others adds little to (it shows in the tail). */
  p50DurationSeconds?: number;
  p95DurationSeconds?: number;
  /** Share of requests at or below each latency threshold, keyed by String(thresholdSeconds). */
  withinThresholdRatio: Readonly<Record<string, number>>;
  dbSecondsPerRequest?: number;
  dbQueriesPerRequest?: number;
  meanResponseSizeBytes?: number;
}

/** The API layer's evidence: every route of one job, from a fixed number of batched queries. */
export interface ApiEvidence {
  job: string;
  totalRequestsPerSecond: number;
  routes: RouteStats[];
  queries: Readonly<Record<ApiQueryName, string>>;
  /** The analysed range as a PromQL duration (`30m`), for the per-route evidence queries. */
  range: string;
}

export type ApiQueryName =
  | 'requests'
  | 'serverErrors'
  | 'meanDuration'
  | 'p50Duration'
  | 'p95Duration'
  | 'withinThreshold'
  | 'dbSecondsPerRequest'
  | 'dbQueriesPerRequest'
  | 'meanResponseSize';

const ROUTE = ['http_request_method', 'http_route'];
const BY_ROUTE = 'by (http_request_method, http_route)';
const DURATION = HTTP_REQUEST_DURATION;

/** The API queries: one per measure, each aggregated over every route (never one query per route). */
export function apiQueries(
  scope: AnalysisScope,
  thresholdsSeconds: readonly number[],
): Record<ApiQueryName, string> {
  const job = { job: scope.job };
  const range = scopeRange(scope);
  const rate = (metric: string, extra: Record<string, string | { regex: string }> = {}) =>
    `rate(${selector(metric, { ...job, ...extra })}[${range}])`;
  const requests = `sum ${BY_ROUTE} (${rate(`${DURATION}_count`)})`;
  return {
    requests,
    serverErrors: `sum ${BY_ROUTE} (${rate(`${DURATION}_count`, { http_response_status_code: { regex: SERVER_ERROR_STATUS_REGEX } })})`,
    meanDuration: `sum ${BY_ROUTE} (${rate(`${DURATION}_sum`)}) / ${requests}`,
    p50Duration: `histogram_quantile(0.5, sum by (http_request_method, http_route, le) (${rate(`${DURATION}_bucket`)}))`,
    p95Duration: `histogram_quantile(0.95, sum by (http_request_method, http_route, le) (${rate(`${DURATION}_bucket`)}))`,
    withinThreshold: `sum by (http_request_method, http_route, le) (${rate(`${DURATION}_bucket`, {
      le: { regex: leRegex(thresholdsSeconds) },
    })}) / ignoring(le) group_left ${requests}`,
    dbSecondsPerRequest: `sum ${BY_ROUTE} (${rate(ROUTE_DB_SECONDS)}) / ${requests}`,
    dbQueriesPerRequest: `sum ${BY_ROUTE} (${rate(ROUTE_DB_QUERIES)}) / ${requests}`,
    meanResponseSize: `sum ${BY_ROUTE} (${rate(`${HTTP_RESPONSE_BODY_SIZE}_sum`)}) / sum ${BY_ROUTE} (${rate(
      `${HTTP_RESPONSE_BODY_SIZE}_count`,
    )})`,
  };
}

/**
 * The evidence query of one route's slow share: its requests slower than `thresholdSeconds` over all its
 * requests, `1 - bucket{le=threshold} / count`, one series (the same ratio the batched withinThreshold query
 * gives as `1 -` its series for that route and `le`).
 */
export function routeSlowShareQuery(
  evidence: Pick<ApiEvidence, 'job' | 'range'>,
  route: Pick<RouteStats, 'method' | 'route'>,
  thresholdSeconds: number,
): string {
  const labels = { job: evidence.job, http_request_method: route.method, http_route: route.route };
  const rate = (metric: string, extra: Record<string, { regex: string }> = {}) =>
    `rate(${selector(metric, { ...labels, ...extra })}[${evidence.range}])`;
  return `1 - (sum ${BY_ROUTE} (${rate(`${DURATION}_bucket`, {
    le: { regex: leRegex([thresholdSeconds]) },
  })}) / sum ${BY_ROUTE} (${rate(`${DURATION}_count`)}))`;
}

/**
 * Reads the API evidence of `scope.job` over the range and, given `recent`, over its most recent part too (in
 * the same queries); `thresholdsSeconds` are the latency thresholds in use.
 */
export async function readApiEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
  thresholdsSeconds: readonly number[],
  recent?: AnalysisScope,
): Promise<WindowedEvidence<ApiEvidence>> {
  const results = await runWindowedQuerySet(
    client,
    apiQueries(scope, thresholdsSeconds),
    recent ? apiQueries(recent, thresholdsSeconds) : undefined,
    scope.endSeconds,
  );
  return {
    full: apiEvidenceFrom(results.full, scope),
    ...(recent && results.recent ? { recent: apiEvidenceFrom(results.recent, recent) } : {}),
  };
}

function apiEvidenceFrom(
  { vectors, queries }: QueryResults<ApiQueryName>,
  scope: AnalysisScope,
): ApiEvidence {
  const errors = indexBy(vectors.serverErrors, ROUTE);
  const mean = indexBy(vectors.meanDuration, ROUTE);
  const p50 = indexBy(vectors.p50Duration, ROUTE);
  const p95 = indexBy(vectors.p95Duration, ROUTE);
  const dbSeconds = indexBy(vectors.dbSecondsPerRequest, ROUTE);
  const dbQueries = indexBy(vectors.dbQueriesPerRequest, ROUTE);
  const size = indexBy(vectors.meanResponseSize, ROUTE);
  const within = new Map<string, Record<string, number>>();
  for (const series of vectors.withinThreshold) {
    if (!Number.isFinite(series.value)) continue;
    const key = labelKey(series.labels, ROUTE);
    const ratios = within.get(key) ?? {};
    ratios[String(Number(series.labels.le))] = series.value;
    within.set(key, ratios);
  }
  const routes: RouteStats[] = [];
  let total = 0;
  for (const series of vectors.requests) {
    if (!Number.isFinite(series.value)) continue;
    total += series.value;
    const key = labelKey(series.labels, ROUTE);
    routes.push({
      method: series.labels.http_request_method ?? '',
      route: series.labels.http_route ?? '',
      requestsPerSecond: series.value,
      serverErrorsPerSecond: errors.get(key) ?? 0,
      ...optional('meanDurationSeconds', mean.get(key)),
      ...optional('p50DurationSeconds', p50.get(key)),
      ...optional('p95DurationSeconds', p95.get(key)),
      withinThresholdRatio: within.get(key) ?? {},
      ...optional('dbSecondsPerRequest', dbSeconds.get(key)),
      ...optional('dbQueriesPerRequest', dbQueries.get(key)),
      ...optional('meanResponseSizeBytes', size.get(key)),
    });
  }
  routes.sort((a, b) => b.requestsPerSecond - a.requestsPerSecond || a.route.localeCompare(b.route));
  return { job: scope.job, totalRequestsPerSecond: total, routes, queries, range: scopeRange(scope) };
}

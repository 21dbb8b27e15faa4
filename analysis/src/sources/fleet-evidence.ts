import { HTTP_REQUEST_DURATION, selector, SERVER_ERROR_STATUS_REGEX } from '@perflens/conventions';
import { type AnalysisScope, scopeRange } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { indexBy, labelKey, optional, runQuerySet } from './query-batch';

/** One instance of the service, measured across all its routes, as its peers are. */
export interface FleetInstanceStats {
  instance: string;
  requestsPerSecond?: number;
  /** 5xx responses per second. */
  serverErrorsPerSecond?: number;
  /** p95 latency of all the instance's requests, every route together. */
  p95LatencySeconds?: number;
  /** Mean over the range of the p99 event-loop lag gauge. */
  eventLoopLagP99Seconds?: number;
  /** Resident memory growth over the range, from a least-squares fit (PromQL deriv). */
  residentGrowthBytes?: number;
  meanResidentBytes?: number;
}

export type FleetQueryName =
  'requests' | 'serverErrors' | 'p95Latency' | 'eventLoopLag' | 'residentGrowth' | 'residentMean';

/** The fleet view of one job: every instance side by side, from a fixed number of queries. */
export interface FleetEvidence {
  job: string;
  rangeSeconds: number;
  instances: FleetInstanceStats[];
  queries: Readonly<Record<FleetQueryName, string>>;
}

const BY_INSTANCE = ['instance'];

/**
 * One query per measure, each aggregated `by (instance)` over every route and series of the job: the count
 * stays six whether the service runs 2 or 200 instances of 10 or 1,000 routes (analysis/bench, fleet mode).
 */
export function fleetQueries(scope: AnalysisScope): Record<FleetQueryName, string> {
  const range = scopeRange(scope);
  const of = (metric: string, extra: Record<string, { regex: string }> = {}) =>
    selector(metric, { job: scope.job, ...extra });
  const rate = (metric: string, extra: Record<string, { regex: string }> = {}) =>
    `rate(${of(metric, extra)}[${range}])`;
  const resident = of('process_resident_memory_bytes');
  return {
    requests: `sum by (instance) (${rate(`${HTTP_REQUEST_DURATION}_count`)})`,
    serverErrors: `sum by (instance) (${rate(`${HTTP_REQUEST_DURATION}_count`, {
      http_response_status_code: { regex: SERVER_ERROR_STATUS_REGEX },
    })})`,
    p95Latency: `histogram_quantile(0.95, sum by (instance, le) (${rate(`${HTTP_REQUEST_DURATION}_bucket`)}))`,
    // The mean, not the peak: one GC pause lags any instance once; an outlier lags all the time.
    eventLoopLag: `max by (instance) (avg_over_time(${of('nodejs_eventloop_lag_p99_seconds')}[${range}]))`,
    // Resident set size is what the OOM killer and the container limit see (prom-client's default metric).
    residentGrowth: `sum by (instance) (deriv(${resident}[${range}])) * ${scope.rangeSeconds}`,
    residentMean: `sum by (instance) (avg_over_time(${resident}[${range}]))`,
  };
}

/** Reads every instance's measures of `scope.job`; an instance appears when any query returned it. */
export async function readFleetEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
): Promise<FleetEvidence> {
  const { vectors, queries } = await runQuerySet(client, fleetQueries(scope), scope.endSeconds);
  const index = Object.fromEntries(
    Object.entries(vectors).map(([name, vector]) => [name, indexBy(vector, BY_INSTANCE)]),
  ) as Record<FleetQueryName, Map<string, number>>;
  const names = new Set<string>();
  for (const vector of Object.values(vectors))
    for (const s of vector) names.add(labelKey(s.labels, BY_INSTANCE));
  return {
    job: scope.job,
    rangeSeconds: scope.rangeSeconds,
    instances: [...names].sort().map((instance) => ({
      instance,
      ...optional('requestsPerSecond', index.requests.get(instance)),
      ...optional('serverErrorsPerSecond', index.serverErrors.get(instance)),
      ...optional('p95LatencySeconds', index.p95Latency.get(instance)),
      ...optional('eventLoopLagP99Seconds', index.eventLoopLag.get(instance)),
      ...optional('residentGrowthBytes', index.residentGrowth.get(instance)),
      ...optional('meanResidentBytes', index.residentMean.get(instance)),
    })),
    queries,
  };
}

import {
  EVENT_LOOP_UTILIZATION,
  HTTP_REQUEST_DURATION,
  ROUTE_BLOCKING_SECONDS,
  selector,
} from '@perflens/conventions';
import { type AnalysisScope, scopeRange } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { labelKey, runQuerySet } from './query-batch';

/**
 * One route's synchronous time on one instance's event loop, measured by the instrumentation
 * (perflens_http_route_blocking_seconds_total: the handler chain up to its first await and each
 * continuation after a pg query up to its next await).
 */
export interface RouteBlockingStats {
  method: string;
  route: string;
  /** Seconds per second the route's code held the loop. */
  blockingSecondsPerSecond: number;
  /** The route's requests per second on the instance (0 when it has none in the range). */
  requestsPerSecond: number;
}

export type RouteBlockingQueryName = 'routeBlocking' | 'routeRequests';

/** The measured part of the runtime evidence; absent from services whose instrumentation predates the counter. */
export interface RouteBlockingEvidence {
  /** Each instance's routes, most blocking first; an instance without series has no entry. */
  byInstance: ReadonlyMap<string, RouteBlockingStats[]>;
  queries: Readonly<Record<RouteBlockingQueryName, string>>;
  job: string;
  /** The analysed range as a PromQL duration (`15m`), for the one-route evidence queries. */
  range: string;
}

const BY_ROUTE = ['instance', 'http_request_method', 'http_route'];
const BY = `by (${BY_ROUTE.join(', ')})`;

export function routeBlockingQueries(scope: AnalysisScope): Record<RouteBlockingQueryName, string> {
  const range = scopeRange(scope);
  const rate = (metric: string) => `sum ${BY} (rate(${selector(metric, { job: scope.job })}[${range}]))`;
  return {
    routeBlocking: rate(ROUTE_BLOCKING_SECONDS),
    routeRequests: rate(`${HTTP_REQUEST_DURATION}_count`),
  };
}

export async function readRouteBlockingEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
): Promise<RouteBlockingEvidence | undefined> {
  const { vectors, queries } = await runQuerySet(client, routeBlockingQueries(scope), scope.endSeconds);
  if (vectors.routeBlocking.length === 0) return undefined;
  const requests = new Map<string, number>();
  for (const s of vectors.routeRequests) requests.set(labelKey(s.labels, BY_ROUTE), s.value);
  const byInstance = new Map<string, RouteBlockingStats[]>();
  for (const s of vectors.routeBlocking) {
    if (!Number.isFinite(s.value)) continue;
    const instance = s.labels.instance ?? '';
    const routes = byInstance.get(instance) ?? [];
    const perSecond = requests.get(labelKey(s.labels, BY_ROUTE));
    routes.push({
      method: s.labels.http_request_method ?? '',
      route: s.labels.http_route ?? '',
      blockingSecondsPerSecond: s.value,
      requestsPerSecond: perSecond !== undefined && Number.isFinite(perSecond) ? perSecond : 0,
    });
    byInstance.set(instance, routes);
  }
  for (const routes of byInstance.values()) {
    routes.sort(
      (a, b) =>
        b.blockingSecondsPerSecond - a.blockingSecondsPerSecond ||
        `${a.method} ${a.route}`.localeCompare(`${b.method} ${b.route}`),
    );
  }
  return { byInstance, queries, job: scope.job, range: scopeRange(scope) };
}

/**
 * One-series queries for one route on one instance, each returning exactly the number the finding cites:
 * its loop time per call, and that time's share of the instance's mean utilisation.
 */
export function routeBlockingEvidenceQueries(
  evidence: RouteBlockingEvidence,
  instance: string,
  route: Pick<RouteBlockingStats, 'method' | 'route'>,
): { perCall: string; utilizationShare: string } {
  const labels = {
    job: evidence.job,
    instance,
    http_request_method: route.method,
    http_route: route.route,
  };
  const blocking = `sum(rate(${selector(ROUTE_BLOCKING_SECONDS, labels)}[${evidence.range}]))`;
  const requests = `sum(rate(${selector(`${HTTP_REQUEST_DURATION}_count`, labels)}[${evidence.range}]))`;
  const utilization = `avg(avg_over_time(${selector(EVENT_LOOP_UTILIZATION, { job: evidence.job, instance })}[${evidence.range}]))`;
  return { perCall: `${blocking} / ${requests}`, utilizationShare: `${blocking} / ${utilization}` };
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MetricDefinition } from '../metric-definition';

export const HTTP_REQUEST_DURATION = 'http_server_request_duration_seconds';
export const HTTP_ACTIVE_REQUESTS = 'http_server_active_requests';
export const HTTP_REQUEST_BODY_SIZE = 'http_server_request_body_size_bytes';
export const HTTP_RESPONSE_BODY_SIZE = 'http_server_response_body_size_bytes';
export const ROUTE_DB_SECONDS = 'perflens_http_route_db_seconds_total';
export const ROUTE_DB_QUERIES = 'perflens_http_route_db_queries_total';

/**
 * The OpenTelemetry HTTP semantic conventions' advised boundaries for http.server.request.duration
 * (docs/http/http-metrics.md). 0.25 s and 0.5 s, the usual latency SLO thresholds, are boundaries, so
 * `le="0.25"` gives the exact share of requests within the SLO; a custom SLO threshold must be added here
 * through the `durationBuckets` option.
 */
export const DEFAULT_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
] as const;

/** Powers of four from 64 B to 16 MiB: payload sizes span orders of magnitude. */
export const DEFAULT_BODY_SIZE_BUCKETS = [
  64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
] as const;

export const HTTP_LABELS = ['http_request_method', 'http_route', 'http_response_status_code'] as const;
export const ROUTE_LABELS = ['http_request_method', 'http_route'] as const;

export type HttpLabel = (typeof HTTP_LABELS)[number];
export type RouteLabel = (typeof ROUTE_LABELS)[number];

const PRODUCER = 'instrumentation/http';

export const httpMetricDefinitions: readonly MetricDefinition[] = [
  {
    name: HTTP_REQUEST_DURATION,
    type: 'histogram',
    help: 'Duration of HTTP server requests, by route template.',
    labels: HTTP_LABELS,
    producer: PRODUCER,
  },
  {
    name: HTTP_ACTIVE_REQUESTS,
    type: 'gauge',
    help: 'HTTP server requests in flight.',
    labels: ['http_request_method'],
    producer: PRODUCER,
  },
  {
    name: HTTP_REQUEST_BODY_SIZE,
    type: 'histogram',
    help: 'Size of HTTP request bodies (Content-Length; requests without a body are not observed), by route template.',
    labels: HTTP_LABELS,
    producer: PRODUCER,
  },
  {
    name: HTTP_RESPONSE_BODY_SIZE,
    type: 'histogram',
    help: 'Size of HTTP response bodies (Content-Length; responses without one are not observed), by route template.',
    labels: HTTP_LABELS,
    producer: PRODUCER,
  },
  {
    name: ROUTE_DB_SECONDS,
    type: 'counter',
    help: 'Database client time spent while serving requests of a route (sum of query durations).',
    labels: ROUTE_LABELS,
    producer: PRODUCER,
  },
  {
    name: ROUTE_DB_QUERIES,
    type: 'counter',
    help: 'Database queries issued while serving requests of a route.',
    labels: ROUTE_LABELS,
    producer: PRODUCER,
  },
];

export interface HttpMetrics {
  duration: Histogram<HttpLabel>;
  /** In-flight requests by method; plain integers on the hot path, copied into the gauge at scrape time. */
  activeByMethod: Map<string, number>;
  requestBodySize: Histogram<HttpLabel>;
  responseBodySize: Histogram<HttpLabel>;
  routeDbSeconds: Counter<RouteLabel>;
  routeDbQueries: Counter<RouteLabel>;
}

export interface HttpMetricsOptions {
  durationBuckets?: readonly number[];
  bodySizeBuckets?: readonly number[];
}

function helpOf(name: string): string {
  return httpMetricDefinitions.find((d) => d.name === name)!.help;
}

/** Registers the HTTP server metrics on `registry`. */
export function registerHttpMetrics(registry: Registry, options: HttpMetricsOptions = {}): HttpMetrics {
  const registers = [registry];
  const sizeBuckets = [...(options.bodySizeBuckets ?? DEFAULT_BODY_SIZE_BUCKETS)];
  const activeByMethod = new Map<string, number>();
  new Gauge({
    name: HTTP_ACTIVE_REQUESTS,
    help: helpOf(HTTP_ACTIVE_REQUESTS),
    labelNames: ['http_request_method'],
    registers,
    collect() {
      for (const [method, count] of activeByMethod) this.set({ http_request_method: method }, count);
    },
  });
  return {
    duration: new Histogram({
      name: HTTP_REQUEST_DURATION,
      help: helpOf(HTTP_REQUEST_DURATION),
      labelNames: HTTP_LABELS,
      buckets: [...(options.durationBuckets ?? DEFAULT_DURATION_BUCKETS)],
      registers,
    }),
    activeByMethod,
    requestBodySize: new Histogram({
      name: HTTP_REQUEST_BODY_SIZE,
      help: helpOf(HTTP_REQUEST_BODY_SIZE),
      labelNames: HTTP_LABELS,
      buckets: sizeBuckets,
      registers,
    }),
    responseBodySize: new Histogram({
      name: HTTP_RESPONSE_BODY_SIZE,
      help: helpOf(HTTP_RESPONSE_BODY_SIZE),
      labelNames: HTTP_LABELS,
      buckets: sizeBuckets,
      registers,
    }),
    routeDbSeconds: new Counter({
      name: ROUTE_DB_SECONDS,
      help: helpOf(ROUTE_DB_SECONDS),
      labelNames: ROUTE_LABELS,
      registers,
    }),
    routeDbQueries: new Counter({
      name: ROUTE_DB_QUERIES,
      help: helpOf(ROUTE_DB_QUERIES),
      labelNames: ROUTE_LABELS,
      registers,
    }),
  };
}

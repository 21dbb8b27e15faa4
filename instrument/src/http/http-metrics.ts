import { Counter, Gauge, type Registry } from 'prom-client';
import {
  BODY_SIZE_BUCKETS,
  HTTP_ACTIVE_REQUESTS,
  HTTP_DURATION_BUCKETS,
  HTTP_REQUEST_BODY_SIZE,
  HTTP_REQUEST_DURATION,
  HTTP_RESPONSE_BODY_SIZE,
  type MetricDefinition,
  ROUTE_DB_QUERIES,
  ROUTE_DB_SECONDS,
} from '@perflens/conventions';
import { SeriesHistogram } from '../exposition/series-histogram';

export {
  HTTP_REQUEST_DURATION,
  HTTP_ACTIVE_REQUESTS,
  HTTP_REQUEST_BODY_SIZE,
  HTTP_RESPONSE_BODY_SIZE,
  ROUTE_DB_SECONDS,
  ROUTE_DB_QUERIES,
};

export const HTTP_LABELS = ['http_request_method', 'http_route', 'http_response_status_code'] as const;
export const ROUTE_LABELS = ['http_request_method', 'http_route'] as const;

export type HttpLabel = (typeof HTTP_LABELS)[number];
export type RouteLabel = (typeof ROUTE_LABELS)[number];

const PRODUCER = 'instrument/http';

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

/** The per-request histograms are SeriesHistograms: looked up once per label set, rendered without prom-client. */
export interface HttpMetrics {
  duration: SeriesHistogram<HttpLabel>;
  /** In-flight requests by method; plain integers on the hot path, copied into the gauge at scrape time. */
  activeByMethod: Map<string, number>;
  requestBodySize: SeriesHistogram<HttpLabel>;
  responseBodySize: SeriesHistogram<HttpLabel>;
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
  const sizeBuckets = [...(options.bodySizeBuckets ?? BODY_SIZE_BUCKETS)];
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
    duration: new SeriesHistogram({
      name: HTTP_REQUEST_DURATION,
      help: helpOf(HTTP_REQUEST_DURATION),
      labelNames: HTTP_LABELS,
      buckets: [...(options.durationBuckets ?? HTTP_DURATION_BUCKETS)],
      registers,
    }),
    activeByMethod,
    requestBodySize: new SeriesHistogram({
      name: HTTP_REQUEST_BODY_SIZE,
      help: helpOf(HTTP_REQUEST_BODY_SIZE),
      labelNames: HTTP_LABELS,
      buckets: sizeBuckets,
      registers,
    }),
    responseBodySize: new SeriesHistogram({
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

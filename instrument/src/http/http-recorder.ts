import type { Counter } from 'prom-client';
import type { CardinalityGuard } from '../cardinality/cardinality-guard';
import type { RequestDbTime } from '../db/request-db-time';
import type { HistogramSeries } from '../exposition/series-histogram';
import {
  HTTP_REQUEST_DURATION,
  ROUTE_DB_SECONDS,
  type HttpLabel,
  type HttpMetrics,
  type RouteLabel,
} from './http-metrics';

/** The series one (method, route, status) writes, looked up once and kept. */
interface HttpSeries {
  readonly labels: Record<HttpLabel, string>;
  duration: HistogramSeries;
  /** Created at the first observation: a label set without bodies has no size series, as before. */
  requestBodySize?: HistogramSeries;
  responseBodySize?: HistogramSeries;
  /** Admitted labels of the per-route database counters; unset while the route is over its cap. */
  routeLabels?: Record<RouteLabel, string>;
  /** prom-client's hash of `routeLabels` (the two route counters share it), once they hold a value. */
  routeLabelHash?: string;
}

/** What prom-client keeps of a Counter's series: the object its inc() adds to, under the label hash. */
interface CounterStorage {
  hashMap: Record<string, { value: number } | undefined>;
}

/**
 * Turns finished requests into observations. The series of each (method, route, status) is looked up once
 * and kept in a Map under a string key, so a request costs a Map lookup and a few additions instead of
 * prom-client's label validation and hashing per metric. Only label sets the cardinality guard admitted
 * are kept (the Map is bounded by the cap); the rest go through the guard on every request, which counts
 * them in perflens_metric_series_dropped_total and folds them into the overflow series, as before.
 */
export class HttpRecorder {
  /** By method, route and status: three lookups of strings whose hashes V8 keeps, no key string built. */
  private readonly admitted = new Map<string, Map<string, Map<string, HttpSeries>>>();
  private overflow: HttpSeries | undefined;

  constructor(
    private readonly metrics: HttpMetrics,
    private readonly guard: CardinalityGuard,
  ) {}

  /** One finished request (positional: no object allocated per request on the hot path). */
  record(
    method: string,
    route: string,
    status: string,
    seconds: number,
    requestBytes: number | undefined,
    responseBytes: number | undefined,
    db: RequestDbTime | undefined,
  ): void {
    const metrics = this.metrics;
    const series = this.seriesOf(method, route, status);
    metrics.duration.observeSeries(series.duration, seconds);
    if (requestBytes !== undefined) {
      let size = series.requestBodySize;
      if (size === undefined || !metrics.requestBodySize.isCurrent(size)) {
        size = series.requestBodySize = metrics.requestBodySize.series(series.labels);
      }
      metrics.requestBodySize.observeSeries(size, requestBytes);
    }
    if (responseBytes !== undefined) {
      let size = series.responseBodySize;
      if (size === undefined || !metrics.responseBodySize.isCurrent(size)) {
        size = series.responseBodySize = metrics.responseBodySize.series(series.labels);
      }
      metrics.responseBodySize.observeSeries(size, responseBytes);
    }
    if (db !== undefined) {
      // inc(0) on routes without queries keeps "queries per request" defined (0) for every route.
      const hash = series.routeLabelHash;
      if (hash !== undefined && addToSeries(metrics.routeDbSeconds, hash, db.seconds)) {
        if (!addToSeries(metrics.routeDbQueries, hash, db.queries)) {
          metrics.routeDbQueries.inc(series.routeLabels!, db.queries);
        }
        return;
      }
      const routeLabels = series.routeLabels ?? this.routeLabelsOf(series, method, route);
      const { labelHash } = metrics.routeDbSeconds.inc(routeLabels, db.seconds) as unknown as {
        labelHash: string;
      };
      metrics.routeDbQueries.inc(routeLabels, db.queries);
      // Kept for admitted routes only: an overflowing one passes the guard (and is counted) every time.
      if (series.routeLabels !== undefined) series.routeLabelHash = labelHash;
    }
  }

  private seriesOf(method: string, route: string, status: string): HttpSeries {
    const known = this.admitted.get(method)?.get(route)?.get(status);
    if (known !== undefined && this.metrics.duration.isCurrent(known.duration)) return known;
    const labels: Record<HttpLabel, string> = {
      http_request_method: method,
      http_route: route,
      http_response_status_code: status,
    };
    const admitted = this.guard.admit(HTTP_REQUEST_DURATION, labels);
    if (admitted === labels) {
      const series: HttpSeries = { labels, duration: this.metrics.duration.series(labels) };
      let byRoute = this.admitted.get(method);
      if (byRoute === undefined) this.admitted.set(method, (byRoute = new Map()));
      let byStatus = byRoute.get(route);
      if (byStatus === undefined) byRoute.set(route, (byStatus = new Map()));
      byStatus.set(status, series);
      return series;
    }
    if (this.overflow === undefined || !this.metrics.duration.isCurrent(this.overflow.duration)) {
      this.overflow = { labels: admitted, duration: this.metrics.duration.series(admitted) };
    }
    return this.overflow;
  }

  private routeLabelsOf(series: HttpSeries, method: string, route: string): Record<RouteLabel, string> {
    const labels: Record<RouteLabel, string> = { http_request_method: method, http_route: route };
    const admitted = this.guard.admit(ROUTE_DB_SECONDS, labels);
    // Kept only when admitted: an overflowing route must pass the guard (and be counted) every time.
    if (admitted === labels && series !== this.overflow) series.routeLabels = admitted;
    return admitted;
  }
}

/**
 * Adds `value` to the counter series stored under `hash` when it exists (prom-client's inc() without
 * rebuilding the hash from the labels); false when it does not (first use, or dropped by
 * registry.resetMetrics()), and the caller goes through inc(). Values are the recorder's own sums,
 * finite and not negative, which is all inc() would check.
 */
function addToSeries(counter: Counter<RouteLabel>, hash: string, value: number): boolean {
  // prom-client's storage is not public API: a version that keeps it elsewhere falls back to inc().
  const stored = (counter as unknown as Partial<CounterStorage>).hashMap?.[hash];
  if (stored === undefined) return false;
  stored.value += value;
  return true;
}

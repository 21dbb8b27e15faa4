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
}

/**
 * Turns finished requests into observations. The series of each (method, route, status) is looked up once
 * and kept in a Map under a string key, so a request costs a Map lookup and a few additions instead of
 * prom-client's label validation and hashing per metric. Only label sets the cardinality guard admitted
 * are kept (the Map is bounded by the cap); the rest go through the guard on every request, which counts
 * them in perflens_metric_series_dropped_total and folds them into the overflow series, as before.
 */
export class HttpRecorder {
  private readonly admitted = new Map<string, HttpSeries>();
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
      const routeLabels = series.routeLabels ?? this.routeLabelsOf(series, method, route);
      // inc(0) on routes without queries keeps "queries per request" defined (0) for every route.
      metrics.routeDbSeconds.inc(routeLabels, db.seconds);
      metrics.routeDbQueries.inc(routeLabels, db.queries);
    }
  }

  private seriesOf(method: string, route: string, status: string): HttpSeries {
    const key = `${method}\u0001${route}\u0001${status}`;
    const known = this.admitted.get(key);
    if (known !== undefined && this.metrics.duration.isCurrent(known.duration)) return known;
    const labels: Record<HttpLabel, string> = {
      http_request_method: method,
      http_route: route,
      http_response_status_code: status,
    };
    const admitted = this.guard.admit(HTTP_REQUEST_DURATION, labels);
    if (admitted === labels) {
      const series: HttpSeries = { labels, duration: this.metrics.duration.series(labels) };
      this.admitted.set(key, series);
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

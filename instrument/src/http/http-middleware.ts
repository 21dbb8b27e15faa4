import { CLIENT_CLOSED_STATUS } from '@perflens/conventions';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { performance } from 'node:perf_hooks';
import type { CardinalityGuard } from '../cardinality/cardinality-guard';
import type { RequestDbTimeStore } from '../db/request-db-time';
import {
  HTTP_REQUEST_DURATION,
  ROUTE_DB_SECONDS,
  type HttpLabel,
  type HttpMetrics,
  type RouteLabel,
} from './http-metrics';
import { normalizeMethod } from './request-method';
import { routeTemplateOf } from './route-template';

export interface HttpMiddlewareOptions {
  metrics: HttpMetrics;
  guard: CardinalityGuard;
  /** Present once a pg Pool or Client is instrumented: enables per-route database time. */
  readonly dbTime?: RequestDbTimeStore;
}

/** Express middleware recording duration, sizes and in-flight requests per route template. */
export function createHttpMiddleware(options: HttpMiddlewareOptions): RequestHandler {
  const { metrics, guard } = options;

  return function perflensHttpMetrics(req: Request, res: Response, next: NextFunction): void {
    const startedAt = performance.now();
    const method = normalizeMethod(req.method);
    const active = metrics.activeByMethod;
    active.set(method, (active.get(method) ?? 0) + 1);
    // Read per request: a pool can be instrumented after the middleware is installed.
    const dbTime = options.dbTime;
    const db = dbTime?.create();

    const record = (aborted: boolean): void => {
      active.set(method, active.get(method)! - 1);
      const route = routeTemplateOf(req);
      const status = aborted && !res.headersSent ? CLIENT_CLOSED_STATUS : String(res.statusCode);
      const labels = guard.admit<Record<HttpLabel, string>>(HTTP_REQUEST_DURATION, {
        http_request_method: method,
        http_route: route,
        http_response_status_code: status,
      });
      metrics.duration.observe(labels, (performance.now() - startedAt) / 1000);
      const requestBytes = requestBodyBytes(req);
      if (requestBytes !== undefined) metrics.requestBodySize.observe(labels, requestBytes);
      const responseBytes = contentLength(res.getHeader('content-length'));
      if (responseBytes !== undefined) metrics.responseBodySize.observe(labels, responseBytes);
      if (db !== undefined) {
        const routeLabels = guard.admit<Record<RouteLabel, string>>(ROUTE_DB_SECONDS, {
          http_request_method: method,
          http_route: route,
        });
        // inc(0) on routes without queries keeps "queries per request" defined (0) for every route.
        metrics.routeDbSeconds.inc(routeLabels, db.seconds);
        metrics.routeDbQueries.inc(routeLabels, db.queries);
      }
    };
    // Node emits 'close' on every response, after 'finish' when it completed; one listener is cheaper
    // than two, and 'close' without a finished write means the client went away first.
    res.once('close', () => record(!res.writableFinished));

    if (db !== undefined && dbTime !== undefined) dbTime.run(db, next);
    else next();
  };
}

/**
 * Body sizes come from Content-Length, as in OpenTelemetry's HTTP instrumentation. Bodies without one
 * (most GET requests, chunked or compressed-on-the-fly responses) are not observed: counting bytes through
 * wrapped res.write/res.end cost about 3% of a trivial route's CPU in a profile (a closure pair and a
 * hidden-class change per response), and a histogram full of zero-byte GETs would only dilute the sizes
 * that matter. Express's res.send and res.json always set Content-Length.
 */
function contentLength(header: string | number | string[] | undefined): number | undefined {
  if (header === undefined || Array.isArray(header)) return undefined;
  const parsed = Number(header);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

function requestBodyBytes(req: Request): number | undefined {
  return contentLength(req.headers['content-length']);
}

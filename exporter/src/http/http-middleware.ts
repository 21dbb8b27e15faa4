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

/**
 * Status recorded when the client went away before the response headers were sent: the client saw no
 * status at all. 499 is nginx's "client closed request", also used by express-prom-bundle.
 */
export const CLIENT_CLOSED_STATUS = '499';

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
    const responseBytes = countResponseBytes(res);
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
      metrics.responseBodySize.observe(labels, responseBytes.total);
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
 * Content-Length when given. Requests without a body (most GETs) and chunked bodies of unknown length are
 * not observed: a histogram full of zeros would only dilute the sizes that matter, at a cost per request.
 */
function requestBodyBytes(req: Request): number | undefined {
  const length = req.headers['content-length'];
  if (length === undefined) return undefined;
  const parsed = Number(length);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

/**
 * Counts body bytes as they are written. Installed before any compression middleware, so a compressor
 * writes through it and the count is what went on the wire, which is what a payload-size finding needs.
 */
function countResponseBytes(res: Response): { total: number } {
  const counter = { total: 0 };
  const write = res.write;
  const end = res.end;
  res.write = function countingWrite(this: Response, chunk: unknown, ...rest: unknown[]) {
    counter.total += byteLength(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Response['write'];
  res.end = function countingEnd(this: Response, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') counter.total += byteLength(chunk, rest[0]);
    return (end as (...args: unknown[]) => Response).call(this, chunk, ...rest);
  } as Response['end'];
  return counter;
}

function byteLength(chunk: unknown, encoding: unknown): number {
  if (chunk === undefined || chunk === null) return 0;
  if (typeof chunk === 'string') {
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}

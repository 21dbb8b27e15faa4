import { CLIENT_CLOSED_STATUS } from '@perflens/conventions';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { performance } from 'node:perf_hooks';
import type { CardinalityGuard } from '../cardinality/cardinality-guard';
import type { RequestDbTimeStore } from '../db/request-db-time';
import type { HttpMetrics } from './http-metrics';
import { HttpRecorder } from './http-recorder';
import { normalizeMethod } from './request-method';
import { closeScope, loopTimeMeasured, openScope } from '../runtime/loop-blocking';
import type { RouteBlockingRecorder } from './route-blocking';
import { onResponseEnd, watchServerResponses } from './response-end';
import { routeTemplateOf } from './route-template';

export interface HttpMiddlewareOptions {
  metrics: HttpMetrics;
  guard: CardinalityGuard;
  /** Present once a pg Pool or Client is instrumented: enables per-route database time. */
  readonly dbTime?: RequestDbTimeStore;
  /** Counts each route's synchronous time on the event loop (perflens_http_route_blocking_seconds_total). */
  blocking?: RouteBlockingRecorder;
}

/** Express middleware recording duration, sizes and in-flight requests per route template. */
export function createHttpMiddleware(options: HttpMiddlewareOptions): RequestHandler {
  const { metrics, guard, blocking } = options;
  const recorder = new HttpRecorder(metrics, guard);
  const active = metrics.activeByMethod;
  watchServerResponses();

  return function perflensHttpMetrics(req: Request, res: Response, next: NextFunction): void {
    const startedAt = performance.now();
    const method = normalizeMethod(req.method);
    active.set(method, (active.get(method) ?? 0) + 1);
    // Read per request: a pool can be instrumented after the middleware is installed.
    const dbTime = options.dbTime;
    const db = dbTime?.create();
    // The handler chain's synchronous part (set once next() returned, read when the response closes).
    let chainSeconds = 0;

    // One closure per request, and everything it records goes to the recorder as arguments (no object
    // per request). Nothing is read from req or res that the record does not need: see response-end.ts.
    onResponseEnd(res, function recordResponse(aborted: boolean) {
      active.set(method, active.get(method)! - 1);
      const route = routeTemplateOf(req);
      recorder.record(
        method,
        route,
        aborted ? CLIENT_CLOSED_STATUS : String(res.statusCode),
        (performance.now() - startedAt) / 1000,
        contentLength(req.headers['content-length']),
        contentLength(res.getHeader('content-length')),
        db,
      );
      // The statements each query listed, now that the route is known (db/route-statements.ts).
      if (db?.statements !== undefined) dbTime!.finish(method, route, db);
      // Plus the continuations after the request's queries (db/pg-instrumentation.ts).
      blocking?.record(method, route, chainSeconds + (db?.blockingSeconds ?? 0));
    });

    // Every middleware and handler Express runs from here until one of them awaits (or defers to a
    // callback) runs inside next(): that is the request's own synchronous time on the loop. Counted once:
    // not when an enclosing scope measures it already (runtime/loop-blocking.ts).
    if (blocking === undefined || loopTimeMeasured()) {
      if (db !== undefined) dbTime!.run(db, next);
      else next();
      return;
    }
    const chainStartedAt = openScope();
    try {
      if (db !== undefined) dbTime!.run(db, next);
      else next();
    } finally {
      chainSeconds = closeScope(undefined, chainStartedAt);
    }
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

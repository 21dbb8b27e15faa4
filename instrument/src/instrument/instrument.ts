import type { RequestHandler } from 'express';
import { AggregatorRegistry, Registry } from 'prom-client';
import { CardinalityGuard } from '../cardinality/cardinality-guard';
import { registerDbClientMetrics } from '../db/db-metrics';
import {
  instrumentPgClient,
  instrumentPgPool,
  type PgClientLike,
  type PgPoolLike,
} from '../db/pg-instrumentation';
import { RequestDbTimeStore } from '../db/request-db-time';
import { RouteStatementRecorder } from '../db/route-statements';
import { createMetricsHandler } from '../exposition/metrics-handler';
import { registerHttpMetrics } from '../http/http-metrics';
import { enableAsyncDispatchTiming } from '../http/async-dispatch-timing';
import { createHttpMiddleware } from '../http/http-middleware';
import { RouteBlockingRecorder } from '../http/route-blocking';
import { enableRouteTemplates } from '../http/route-template';
import { registerRuntimeMetrics } from '../runtime/runtime-metrics';
import { parseInstrumentOptions, type InstrumentOptions } from './instrument-options';

/** What `instrument()` returns: the registry and the pieces a service may mount or call itself. */
export interface Perflens {
  registry: Registry;
  guard: CardinalityGuard;
  /** Serves the registry (Prometheus text or OpenMetrics), with the token check when configured. */
  metricsHandler: RequestHandler;
  /** Instruments another pool after start-up. */
  instrumentPool(pool: PgPoolLike, poolName: string): void;
  /**
   * Instruments a standalone pg Client (pool clients are instrumented automatically); its statements are
   * labelled with `name` as their pool (default "client").
   */
  instrumentClient(client: PgClientLike, name?: string): void;
}

/**
 * Instruments an Express service in one call: HTTP metrics per route template, pg pool and query
 * metrics with per-route database time, runtime metrics, and a `/metrics` route. Call it right after
 * `express()`, before adding routes, so that route templates include router mount paths.
 */
export function instrument(options: InstrumentOptions): Perflens {
  const resolved = parseInstrumentOptions(options);
  const registry = resolved.registry ?? new Registry();
  const guard = new CardinalityGuard({ registry, maxSeriesPerMetric: resolved.maxSeriesPerMetric });
  const dbMetrics = registerDbClientMetrics(registry);
  const dbTime = new RequestDbTimeStore(
    new RouteStatementRecorder(registry, { guard, maxStatementsPerRoute: resolved.maxStatementsPerRoute }),
  );
  const dbContext = { metrics: dbMetrics, guard, dbTime };
  const pools: Array<[string, PgPoolLike]> = [
    ...(resolved.pool ? ([['default', resolved.pool]] as Array<[string, PgPoolLike]>) : []),
    ...Object.entries(resolved.pools ?? {}),
  ];

  registerRuntimeMetrics(registry, { defaultMetrics: resolved.defaultMetrics });
  const httpMetrics = registerHttpMetrics(registry, {
    durationBuckets: resolved.durationBuckets,
    bodySizeBuckets: resolved.bodySizeBuckets,
  });
  const app = resolved.app as {
    use(handler: RequestHandler): unknown;
    get(path: string, h: RequestHandler): unknown;
  };
  enableRouteTemplates(app);
  let dbInstrumented = pools.length > 0;
  const middleware = createHttpMiddleware({
    metrics: httpMetrics,
    guard,
    blocking: new RouteBlockingRecorder(registry, guard),
    get dbTime() {
      return dbInstrumented ? dbTime : undefined;
    },
  });
  app.use(middleware);
  // Handlers a waiting middleware (a body parser) calls later are timed too, into the request's context.
  enableAsyncDispatchTiming(app, () => (dbInstrumented ? dbTime.current() : undefined));
  for (const [name, pool] of pools) instrumentPgPool(pool, name, dbContext);

  const metricsHandler = createMetricsHandler({ registry, bearerToken: resolved.metricsToken });
  if (resolved.clusterWorker) {
    // prom-client only answers the primary's IPC requests in a worker that constructed an
    // AggregatorRegistry, and only for the registries set here (prom-client issues #501, #747).
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  } else if (resolved.metricsPath !== false) {
    app.get(resolved.metricsPath, metricsHandler);
  }

  return {
    registry,
    guard,
    metricsHandler,
    instrumentPool(pool, poolName) {
      dbInstrumented = true;
      instrumentPgPool(pool, poolName, dbContext);
    },
    instrumentClient(client, name) {
      dbInstrumented = true;
      instrumentPgClient(client, dbContext, name);
    },
  };
}

import express, { type Request, type Response, type Router } from 'express';
import type { Registry } from 'prom-client';
import { CardinalityGuard } from '@perflens/instrument';
import { BeaconIngest } from './beacon-ingest';
import { PageMatcher, type PagePattern } from './page-matcher';
import { RateLimiter, type TokenBucketOptions } from './rate-limiter';
import { RecentIds } from './recent-ids';
import { readBeaconBody } from './rum-body';
import { RumCors } from './rum-cors';
import { registerRumMetrics } from './rum-metrics';
import { WEB_VITAL_SPECS } from './web-vital-names';

export interface RumEndpointOptions {
  registry: Registry;
  pages: readonly PagePattern[];
  allowedOrigins: readonly string[];
  rateLimit: { perClient: TokenBucketOptions; global: TokenBucketOptions; maxTrackedClients: number };
  /** Distinct (page, device_class) series per histogram before new ones fold into __overflow__. */
  maxSeriesPerMetric: number;
  /** Metric ids remembered for duplicate suppression. */
  dedupeCapacity: number;
}

/**
 * The public ingestion endpoint for the browser snippet: POST /rum (and its CORS preflight). Anyone can
 * send anything here, so every step is bounded: origin allow-list, per-client and global rate limits,
 * a streaming 64 KiB body limit, strict validation, duplicate suppression, page templates instead of
 * URLs and a series cap. Every refusal is a 4xx with a machine-readable reason, counted in
 * perflens_rum_beacons_total; nothing a client sends reaches a 5xx.
 */
export interface RumEndpoint {
  router: Router;
  /** Sizes of everything the endpoint keeps in memory; each is bounded by the options. */
  memoryBounds(): { trackedClients: number; rememberedIds: number; seriesPerMetric: Record<string, number> };
}

export function createRumEndpoint(options: RumEndpointOptions): RumEndpoint {
  const metrics = registerRumMetrics(options.registry);
  const guard = new CardinalityGuard({
    registry: options.registry,
    maxSeriesPerMetric: options.maxSeriesPerMetric,
  });
  const pages = new PageMatcher(options.pages);
  const limiter = new RateLimiter(options.rateLimit);
  const recentIds = new RecentIds(options.dedupeCapacity);
  const cors = new RumCors(options.allowedOrigins);
  const ingest = new BeaconIngest(metrics, guard, pages, recentIds);

  const refuse = (res: Response, status: number, reason: string, message: string) => {
    metrics.beacons.inc({ outcome: 'rejected', reason });
    res.status(status).json({ error: reason, message });
  };

  const router = express.Router();
  router.options('/rum', (req, res) => cors.preflight(req, res));
  router.post('/rum', async (req: Request, res: Response) => {
    cors.apply(req, res);
    if (!cors.allows(req))
      return refuse(res, 403, 'origin_not_allowed', 'origin is not in rum.allowedOrigins');
    const decision = limiter.take(req.ip ?? 'unknown');
    if (!decision.allowed) {
      res.set('Retry-After', String(decision.retryAfterSeconds));
      return refuse(
        res,
        429,
        'rate_limited',
        `too many beacons (${decision.scope} limit); retry after ${decision.retryAfterSeconds} s`,
      );
    }
    const body = await readBeaconBody(req, res);
    if (!body.ok) return refuse(res, body.status, body.reason, body.message);
    const result = ingest.ingest(body.text, req.headers['user-agent']);
    if (!result.ok) return refuse(res, 400, result.reason, result.message);
    const reason = result.rejected > 0 ? 'partial' : result.accepted === 0 ? 'duplicate' : 'ok';
    metrics.beacons.inc({ outcome: 'accepted', reason });
    res
      .status(202)
      .json({ accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected });
  });
  router.all('/rum', (req, res) => {
    cors.apply(req, res);
    res.set('Allow', 'POST, OPTIONS');
    refuse(res, 405, 'method_not_allowed', 'use POST');
  });
  return {
    router,
    memoryBounds: () => ({
      trackedClients: limiter.trackedClients,
      rememberedIds: recentIds.size,
      seriesPerMetric: Object.fromEntries(
        Object.values(WEB_VITAL_SPECS).map((spec) => [spec.metricName, guard.seriesCount(spec.metricName)]),
      ),
    }),
  };
}

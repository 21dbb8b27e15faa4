import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { CardinalityGuard } from '@perflens/instrument';
import { BeaconIngest } from './beacon-ingest';
import { ClientAddress, type TrustProxy } from './client-address';
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
  rateLimit: {
    /** Each client's bucket; a client has one for its browser requests and one for those without Origin. */
    perClient: TokenBucketOptions;
    /** Shared by all requests with an Origin header (browsers). */
    global: TokenBucketOptions;
    /**
     * Shared by all requests without Origin (scripts, servers), so they cannot starve browsers nor be
     * starved by them; a bucket of its own the size of `global` when left out.
     */
    withoutOrigin?: TokenBucketOptions;
    /** Clients remembered per kind (browser, without Origin). */
    maxTrackedClients: number;
  };
  /** Distinct (page, device_class) series per histogram before new ones fold into __overflow__. */
  maxSeriesPerMetric: number;
  /** Metric ids remembered for duplicate suppression. */
  dedupeCapacity: number;
  /** `server.trustProxy`: how many X-Forwarded-For hops (or which proxies) to believe for the client address. */
  trustProxy?: TrustProxy;
}

/**
 * The public ingestion endpoint for the browser snippet: POST /rum (and its CORS preflight). Anyone can
 * send anything here, so every step is bounded: origin allow-list, per-client and global rate limits,
 * a streaming 64 KiB body limit, strict validation, duplicate suppression, page templates instead of
 * URLs and a series cap. Every refusal is a 4xx with a machine-readable reason, counted in
 * perflens_rum_beacons_total; nothing a client sends reaches a 5xx.
 */
export interface RumEndpoint {
  /**
   * A plain `http` request handler for /rum, meant to run before Express (`handle(req, res) || app(req,
   * res)`): it answers requests for /rum and returns true, and returns false without touching anything
   * else. It bypasses Express because Express's router, response helpers (ETag hashing, header
   * normalisation) and body-parser cost more than the whole beacon ingestion (BENCHMARKS.md, "Exporter").
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Sizes of everything the endpoint keeps in memory; each is bounded by the options. */
  memoryBounds(): { trackedClients: number; rememberedIds: number; seriesPerMetric: Record<string, number> };
}

export function createRumEndpoint(options: RumEndpointOptions): RumEndpoint {
  const metrics = registerRumMetrics(options.registry);
  const beacons = metrics.beacons;
  const guard = new CardinalityGuard({
    registry: options.registry,
    maxSeriesPerMetric: options.maxSeriesPerMetric,
  });
  const { perClient, global, withoutOrigin, maxTrackedClients } = options.rateLimit;
  const browserLimiter = new RateLimiter({ perClient, global, maxTrackedClients });
  const originlessLimiter = new RateLimiter({
    perClient,
    global: withoutOrigin ?? global,
    maxTrackedClients,
  });
  const clientAddress = new ClientAddress(options.trustProxy ?? false);
  const recentIds = new RecentIds(options.dedupeCapacity);
  const cors = new RumCors(options.allowedOrigins);
  const ingest = new BeaconIngest(metrics, guard, new PageMatcher(options.pages), recentIds);

  const refuse = (
    res: ServerResponse,
    headers: OutgoingHttpHeaders,
    status: number,
    reason: string,
    message: string,
  ) => {
    beacons(reason === 'internal_error' ? 'failed' : 'rejected', reason).inc();
    sendJson(res, status, headers, `{"error":"${reason}","message":${JSON.stringify(message)}}`);
  };

  const post = (req: IncomingMessage, res: ServerResponse, origin: string | undefined) => {
    const headers = cors.headers(origin);
    if (!cors.allows(origin))
      return refuse(res, headers, 403, 'origin_not_allowed', 'origin is not in rum.allowedOrigins');
    const limiter = origin === undefined ? originlessLimiter : browserLimiter;
    const decision = limiter.take(clientAddress.of(req));
    if (!decision.allowed) {
      const scope =
        origin === undefined && decision.scope === 'global' ? 'global without Origin' : decision.scope;
      return refuse(
        res,
        { ...headers, 'Retry-After': String(decision.retryAfterSeconds) },
        429,
        'rate_limited',
        `too many beacons (${scope} limit); retry after ${decision.retryAfterSeconds} s`,
      );
    }
    readBeaconBody(req, (refusal, text) => {
      try {
        if (refusal) return refuse(res, headers, refusal.status, refusal.reason, refusal.message);
        const result = ingest.ingest(text, req.headers['user-agent']);
        if (!result.ok) return refuse(res, headers, 400, result.reason, result.message);
        beacons(
          'accepted',
          result.rejected > 0 ? 'partial' : result.accepted === 0 ? 'duplicate' : 'ok',
        ).inc();
        sendJson(
          res,
          202,
          headers,
          `{"accepted":${result.accepted},"duplicates":${result.duplicates},"rejected":${result.rejected}}`,
        );
      } catch (error) {
        internalError(res, headers, error);
      }
    });
  };

  const preflight = (res: ServerResponse, origin: string | undefined) => {
    const headers = cors.headers(origin);
    if (!cors.allows(origin))
      return sendJson(
        res,
        403,
        headers,
        '{"error":"origin_not_allowed","message":"origin is not in rum.allowedOrigins"}',
      );
    res.writeHead(204, { ...headers, ...RumCors.PREFLIGHT_HEADERS });
    res.end();
  };

  // A bug of ours must not take the process down: outside Express nothing else would catch it.
  const internalError = (res: ServerResponse, headers: OutgoingHttpHeaders, error: unknown) => {
    if (res.headersSent) return res.destroy(error as Error);
    refuse(res, headers, 500, 'internal_error', 'internal error');
  };

  return {
    handle: (req, res) => {
      if (!isRumPath(req.url)) return false;
      const origin = req.headers.origin;
      try {
        if (req.method === 'POST') post(req, res, origin);
        else if (req.method === 'OPTIONS') preflight(res, origin);
        else
          refuse(
            res,
            { ...cors.headers(origin), Allow: 'POST, OPTIONS' },
            405,
            'method_not_allowed',
            'use POST',
          );
      } catch (error) {
        internalError(res, cors.headers(origin), error);
      }
      return true;
    },
    memoryBounds: () => ({
      trackedClients: browserLimiter.trackedClients + originlessLimiter.trackedClients,
      rememberedIds: recentIds.size,
      seriesPerMetric: Object.fromEntries(
        Object.values(WEB_VITAL_SPECS).map((spec) => [spec.metricName, guard.seriesCount(spec.metricName)]),
      ),
    }),
  };
}

/** /rum, /rum/, with or without a query string (Express's non-strict routing matched the same). */
function isRumPath(url: string | undefined): boolean {
  if (url === '/rum') return true;
  if (url === undefined || !url.startsWith('/rum')) return false;
  const rest = url.slice(4);
  return rest === '/' || rest.startsWith('?') || rest.startsWith('/?');
}

function sendJson(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

import type { OutgoingHttpHeaders } from 'node:http';

/**
 * CORS for /rum. Only listed origins get Access-Control-Allow-Origin, never with credentials (beacons
 * carry no cookies worth having). Requests without an Origin header (curl, server-side senders) are not
 * browsers, so CORS does not apply to them; the rate limits (their own buckets) and the series cap still do.
 */
export class RumCors {
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.anyOrigin = allowedOrigins.includes('*');
    this.origins = new Set(allowedOrigins);
  }

  /** False when a browser on an origin outside the allow-list sent the request. */
  allows(origin: string | undefined): boolean {
    return origin === undefined || this.anyOrigin || this.origins.has(origin);
  }

  /**
   * The CORS response headers for a request from `origin`: Vary always (the answer depends on Origin,
   * so caches must key on it), Access-Control-Allow-Origin for an allowed browser origin.
   */
  headers(origin: string | undefined): OutgoingHttpHeaders {
    if (origin === undefined || !this.allows(origin)) return VARY_ONLY;
    return this.anyOrigin ? ANY_ORIGIN : { Vary: 'Origin', 'Access-Control-Allow-Origin': origin };
  }

  /** The extra headers of an allowed preflight (fetch with Content-Type: application/json sends one). */
  static readonly PREFLIGHT_HEADERS: OutgoingHttpHeaders = {
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type',
    'Access-Control-Max-Age': '86400',
  };
}

const VARY_ONLY: OutgoingHttpHeaders = { Vary: 'Origin' };
const ANY_ORIGIN: OutgoingHttpHeaders = { Vary: 'Origin', 'Access-Control-Allow-Origin': '*' };

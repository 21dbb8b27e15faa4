import type { Request, Response } from 'express';

/**
 * CORS for /rum. Only listed origins get Access-Control-Allow-Origin, never with credentials (beacons
 * carry no cookies worth having). Requests without an Origin header (curl, server-side senders) are not
 * browsers, so CORS does not apply to them; the rate limits and the series cap still do.
 */
export class RumCors {
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.anyOrigin = allowedOrigins.includes('*');
    this.origins = new Set(allowedOrigins);
  }

  /** False when a browser on an origin outside the allow-list sent the request. */
  allows(req: Request): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.anyOrigin || this.origins.has(origin);
  }

  /** Adds the response headers for an allowed browser origin. */
  apply(req: Request, res: Response): void {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin !== undefined && this.allows(req))
      res.set('Access-Control-Allow-Origin', this.anyOrigin ? '*' : origin);
  }

  /** Answers a preflight (fetch with Content-Type: application/json sends one). */
  preflight(req: Request, res: Response): void {
    this.apply(req, res);
    if (!this.allows(req)) {
      res.status(403).json({ error: 'origin_not_allowed', message: 'origin is not in rum.allowedOrigins' });
      return;
    }
    res.set({
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '86400',
    });
    res.status(204).end();
  }
}

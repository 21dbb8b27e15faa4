import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { hasBearerToken } from './bearer-token';
import { ExpositionRenderer, negotiateContentType } from './exposition-format';

export interface MetricsHandlerOptions {
  registry: Registry;
  /** When set, scrapes must send `Authorization: Bearer <token>` (Prometheus: `authorization.credentials_file`). */
  bearerToken?: string;
}

/** Express handler for `/metrics`: token check, content negotiation, and a 500 that names the failure. */
export function createMetricsHandler(options: MetricsHandlerOptions): RequestHandler {
  const renderer = new ExpositionRenderer(options.registry);
  return (req, res) => {
    if (options.bearerToken !== undefined && !hasBearerToken(req.headers, options.bearerToken)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="perflens metrics"').type('text/plain');
      res.send('metrics require a bearer token\n');
      return;
    }
    const contentType = negotiateContentType(req.headers.accept);
    renderer.render(contentType).then(
      (body) => {
        // res.end, not res.send: send() would hash the whole body for an ETag on every scrape, and no
        // scraper sends If-None-Match.
        res.status(200).set('Content-Type', contentType).set('Content-Length', String(body.length));
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        res
          .status(500)
          .type('text/plain')
          .send(`metrics rendering failed: ${errorMessage(error)}\n`);
      },
    );
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

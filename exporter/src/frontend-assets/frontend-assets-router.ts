import express, { type ErrorRequestHandler, type Router } from 'express';
import { hasBearerToken } from '@perflens/instrument';
import type { PagePattern } from '../rum/page-matcher';
import type { FrontendAssetStore } from './frontend-asset-store';
import { InvalidSummaryError, parseSummary } from './frontend-asset-summary';

/** Where the standalone exporter mounts the router. */
export const FRONTEND_ASSETS_API_PATH = '/api/v1/frontend-assets';
/** Tokens shorter than this are refused, as the advisor's are: 32 random characters are beyond guessing. */
export const MIN_FRONTEND_ASSETS_TOKEN_LENGTH = 32;
/** A summary is a few hundred bytes. */
const BODY_LIMIT = '16kb';

export interface FrontendAssetsRouterOptions {
  store: FrontendAssetStore;
  /** The bearer token publishers send (`perflens bundle --token-file`). */
  token: string;
  /** rum.pages: a published page label must be one of theirs when any are configured. */
  rumPages: readonly PagePattern[];
  /** Told about each summary taken and each page dropped for the cap (labels only, no token). */
  onPublished?: (page: string, dropped: string | undefined) => void;
}

/**
 * `POST /api/v1/frontend-assets` (FRONTEND_ASSETS_API_PATH): one page's served-asset summary, JSON, with
 * `Authorization: Bearer <token>`. 202 when kept, 401 without the token (checked before the body is read),
 * 400 naming the field that is wrong, 413 over 16 KiB, 415 when not JSON.
 */
export function createFrontendAssetsRouter(options: FrontendAssetsRouterOptions): Router {
  if (options.token.length < MIN_FRONTEND_ASSETS_TOKEN_LENGTH)
    throw new Error(
      `frontend assets: the token needs at least ${MIN_FRONTEND_ASSETS_TOKEN_LENGTH} characters`,
    );
  const router = express.Router();
  router.post(
    '/',
    (req, res, next) => {
      if (hasBearerToken(req.headers, options.token)) return next();
      res.set('WWW-Authenticate', 'Bearer realm="perflens-frontend-assets"').set('Connection', 'close');
      res.status(401).json({ error: 'a bearer token is required' });
    },
    (req, res, next) => {
      if (req.is('application/json')) return next();
      res.set('Connection', 'close').status(415).json({ error: 'expected Content-Type application/json' });
    },
    express.json({ limit: BODY_LIMIT, strict: true }),
    (req, res) => {
      const summary = parseSummary(req.body, options.rumPages);
      const dropped = options.store.put(summary);
      options.onPublished?.(summary.page, dropped);
      res.status(202).json({
        page: summary.page,
        pages: options.store.size,
        ...(dropped === undefined ? {} : { dropped }),
      });
    },
  );
  router.use(errorHandler);
  return router;
}

/** Invalid summaries and body-parser's refusals (malformed JSON, too large) are the sender's: 4xx. */
const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof InvalidSummaryError) {
    res.status(400).json({ error: error.message });
    return;
  }
  const status = (error as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const reason =
      status === 413 ? `request body: larger than ${BODY_LIMIT}` : 'request body: malformed JSON';
    res.status(status).json({ error: reason });
    return;
  }
  next(error);
};

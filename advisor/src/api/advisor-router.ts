import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { hasBearerToken } from '@perflens/instrument';
import type { AdvisorService } from './advisor-service';
import { UnknownRecommendationError } from './advisor-service';
import { ApplyError } from '../apply/apply-audit';
import { actorSchema, InvalidInputError } from '../apply/actor';
import { AdvisorConnectionError } from '../run-advisor';
import { jsonBody, refuse } from './json-body';

/** Where the standalone exporter mounts the router. */
export const ADVISOR_API_PATH = '/api/v1/advisor';

export interface AdvisorRouterOptions {
  service: AdvisorService;
  /** May read reports and the audit log. */
  viewerToken: string;
  /** May also apply, measure and roll back, when applyEnabled. */
  adminToken: string;
  /** Off by default: changing the database from an HTTP call is opt-in. */
  applyEnabled?: boolean;
  /** The whole request body must arrive within this (default 10 s); a slower client gets 408 and is closed. */
  bodyTimeoutMs?: number;
  /** Told about failures answered 500 (the answer itself says only "internal error"). */
  onInternalError?: (error: unknown) => void;
}

/** Tokens shorter than this are refused: 32 characters of a random token are beyond guessing. */
export const MIN_ADVISOR_TOKEN_LENGTH = 32;
/** Bodies carry at most an actor: 4 KiB is plenty. */
const BODY_LIMIT_BYTES = 4096;

type Role = 'viewer' | 'admin';

const recommendationIdSchema = z.string().regex(/^[a-z-]+-[0-9a-f]{12}$/, 'not a recommendation id');
const auditIdSchema = z.coerce.number().int().positive();
const actionBodySchema = z.object({ actor: actorSchema.optional() }).strict();
const querySchema = z.object({
  refresh: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/**
 * The advisor's HTTP API, relative to where it is mounted (ADVISOR_API_PATH):
 *   GET  /recommendations[?refresh=true]    viewer   the report (cached, see AdvisorService)
 *   GET  /recommendations/:id               viewer   one recommendation
 *   GET  /audit[?limit=n]                   viewer   the audit log, newest first
 *   POST /recommendations/:id/apply         admin    run the apply SQL        } only when applyEnabled
 *   POST /applications/:applyId/rollback    admin    run the rollback SQL     }
 *   POST /applications/:applyId/measure     admin    before/after mean time of the statements
 * Tokens are compared in constant time (the scheme name "Bearer" in any case); a viewer token on an admin
 * route gets 403, no token 401. The token is checked before any body is read; bodies are JSON of at most
 * 4 KiB (413), arriving within bodyTimeoutMs (408).
 */
export function createAdvisorRouter(options: AdvisorRouterOptions): Router {
  const { viewerToken, adminToken } = options;
  if (!viewerToken || !adminToken) throw new Error('advisor API: viewerToken and adminToken are required');
  if (viewerToken.length < MIN_ADVISOR_TOKEN_LENGTH || adminToken.length < MIN_ADVISOR_TOKEN_LENGTH)
    throw new Error(`advisor API: tokens need at least ${MIN_ADVISOR_TOKEN_LENGTH} characters`);
  if (viewerToken === adminToken) throw new Error('advisor API: viewerToken and adminToken must differ');
  const router = Router();
  // Parsed only on routes that take a body, and only after the token check (see `allow`).
  const body = jsonBody({ limitBytes: BODY_LIMIT_BYTES, timeoutMs: options.bodyTimeoutMs ?? 10_000 });
  const roleOf = (req: Request): Role | undefined => {
    // Both comparisons always run, so timing does not tell which token matched.
    const admin = hasBearerToken(req.headers, options.adminToken);
    const viewer = hasBearerToken(req.headers, options.viewerToken);
    return admin ? 'admin' : viewer ? 'viewer' : undefined;
  };
  const allow =
    (needed: Role, changesDatabase = false) =>
    (req: Request, res: Response, next: NextFunction) => {
      // Refusals never read the body: an unauthenticated client cannot make the server read 200 MiB.
      const role = roleOf(req);
      if (!role) {
        res.set('WWW-Authenticate', 'Bearer realm="perflens-advisor"');
        refuse(req, res, 401, 'a bearer token is required');
      } else if (needed === 'admin' && role !== 'admin') {
        refuse(req, res, 403, 'this needs the admin token');
      } else if (changesDatabase && !options.applyEnabled) {
        refuse(req, res, 403, 'apply is disabled in the configuration (advisor.applyEnabled)');
      } else next();
    };
  const actor = (req: Request) => actionBodySchema.parse(req.body ?? {}).actor ?? 'api:admin';
  const { service } = options;

  router.get('/recommendations', allow('viewer'), async (req, res) => {
    const query = querySchema.parse(req.query);
    res.json(await service.report(query.refresh === 'true' ? 0 : undefined));
  });
  router.get('/recommendations/:id', allow('viewer'), async (req, res) => {
    const id = recommendationIdSchema.parse(req.params.id);
    const found = (await service.report()).recommendations.find((r) => r.id === id);
    if (found) res.json(found);
    else res.status(404).json({ error: `no open recommendation with id ${id}` });
  });
  router.get('/audit', allow('viewer'), async (req, res) => {
    res.json(await service.audit(querySchema.parse(req.query).limit ?? 100));
  });
  router.post('/recommendations/:id/apply', allow('admin', true), body, async (req, res) => {
    res.status(201).json(await service.apply(recommendationIdSchema.parse(req.params.id), actor(req)));
  });
  router.post('/applications/:applyId/rollback', allow('admin', true), body, async (req, res) => {
    res.status(201).json(await service.rollback(auditIdSchema.parse(req.params.applyId), actor(req)));
  });
  router.post('/applications/:applyId/measure', allow('admin'), body, async (req, res) => {
    res.status(201).json(await service.measure(auditIdSchema.parse(req.params.applyId), actor(req)));
  });
  router.use(errorHandler(options.onInternalError));
  return router;
}

/**
 * Maps failures to a status with a short reason: bad input 400, unknown id 404, failed apply 409, no
 * database 503. Anything else is 500 "internal error": its message may carry SQL or driver details.
 */
function errorHandler(onInternalError: ((error: unknown) => void) | undefined) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];
      res.status(400).json({ error: `${issue?.path.join('.') || 'input'}: ${issue?.message}` });
    } else if (error instanceof InvalidInputError) {
      res.status(400).json({ error: error.message });
    } else if (error instanceof UnknownRecommendationError) {
      res.status(404).json({ error: error.message });
    } else if (error instanceof ApplyError) {
      res.status(409).json({ error: error.message, audit: error.entry ?? null });
    } else if (error instanceof AdvisorConnectionError) {
      res.status(503).json({ error: error.message });
    } else {
      onInternalError?.(error);
      refuse(req, res, 500, 'internal error');
    }
  };
}

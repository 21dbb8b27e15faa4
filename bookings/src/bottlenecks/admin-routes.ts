import express, { type RequestHandler, type Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { BOTTLENECK_DESCRIPTIONS, BOTTLENECK_NAMES, isBottleneckName } from './bottleneck-catalogue';
import type { BottleneckSwitches } from './bottleneck-switches';

/**
 * GET /admin/bottlenecks lists every switch with its state; PUT /admin/bottlenecks/:name with
 * {"enabled": true|false} sets one. Both need "Authorization: Bearer <admin token>".
 */
export function adminRoutes(switches: BottleneckSwitches, adminToken: string): Router {
  const router = express.Router();
  router.use(requireBearer(adminToken));
  router.get('/bottlenecks', (_req, res) => {
    const states = switches.states();
    res.json(
      BOTTLENECK_NAMES.map((name) => ({
        name,
        enabled: states[name],
        description: BOTTLENECK_DESCRIPTIONS[name],
      })),
    );
  });
  router.put('/bottlenecks/:name', express.json({ limit: '1kb' }), async (req, res) => {
    const name = req.params.name as string;
    if (!isBottleneckName(name)) {
      res.status(404).json({ error: `unknown bottleneck "${name}"; known: ${BOTTLENECK_NAMES.join(', ')}` });
      return;
    }
    const enabled = (req.body as { enabled?: unknown } | undefined)?.enabled;
    if (typeof enabled !== 'boolean') {
      res.status(400).json({ error: 'expected a JSON body {"enabled": true} or {"enabled": false}' });
      return;
    }
    await switches.set(name, enabled);
    res.json({ name, enabled, description: BOTTLENECK_DESCRIPTIONS[name] });
  });
  return router;
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function requireBearer(token: string): RequestHandler {
  const expected = Buffer.from(token);
  return (req, res, next) => {
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      next();
      return;
    }
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer realm="bookings-admin"')
      .json({ error: 'missing or wrong admin token (Authorization: Bearer <token>)' });
  };
}

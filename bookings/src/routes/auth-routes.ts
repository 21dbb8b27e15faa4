import express, { type Router } from 'express';
import type { Pool } from 'pg';
import type { BottleneckSwitches } from '../bottlenecks/bottleneck-switches';
import { STATEMENTS } from '../database/statements';
import { type StoredPassword, verifyPassword, verifyPasswordBlocking } from './password-hash';

/**
 * POST /auth/login {"email", "password"}: reads the guest row, then verifies the password. With
 * blocking-login on, the verification is pbkdf2Sync: the classic bug of a handler that awaits its query
 * and then does its CPU work on the event loop, so every other request waits for it.
 */
export function authRoutes(pool: Pool, switches: BottleneckSwitches): Router {
  const router = express.Router();
  router.post('/login', express.json({ limit: '2kb' }), async (req, res) => {
    const body = req.body as { email?: unknown; password?: unknown } | undefined;
    if (typeof body?.email !== 'string' || typeof body.password !== 'string') {
      res.status(400).json({ error: 'expected {"email": string, "password": string}' });
      return;
    }
    const { rows } = await pool.query<StoredPassword & { id: number }>(STATEMENTS['login-guest'], [
      body.email,
    ]);
    const guest = rows[0];
    if (!guest) {
      res.status(401).json({ error: 'wrong email or password' });
      return;
    }
    const ok = switches.isOn('blocking-login')
      ? verifyPasswordBlocking(body.password, guest)
      : await verifyPassword(body.password, guest);
    if (!ok) {
      res.status(401).json({ error: 'wrong email or password' });
      return;
    }
    res.json({ guestId: guest.id });
  });
  return router;
}

import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { STATEMENTS } from '../database/statements';
import { positiveInt } from './route-params';

/**
 * GET /api/guests/:id/bookings: the guest's last 20 bookings. Fast through bookings_guest_id_idx; a
 * sequential scan of the whole bookings table while the missing-index bottleneck has dropped it.
 */
export function guestRoutes(pool: Pool): Router {
  const router = express.Router();
  router.get('/:id/bookings', async (req, res) => {
    const guestId = positiveInt(res, 'guest id', req.params.id);
    if (guestId === undefined) return;
    const { rows } = await pool.query(STATEMENTS['guest-bookings'], [guestId]);
    res.json({ guestId, bookings: rows });
  });
  return router;
}

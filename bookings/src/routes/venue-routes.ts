import express, { type Router } from 'express';
import type { Pool } from 'pg';
import type { BottleneckSwitches } from '../bottlenecks/bottleneck-switches';
import { STATEMENTS } from '../database/statements';
import { positiveInt } from './route-params';

/** The schedule shows bookings from this day on unless ?from= says otherwise (seeded data spans it). */
const DEFAULT_SCHEDULE_FROM = '2026-06-01';

/** GET /api/venues/:id/rooms (the healthy control route) and /api/venues/:id/schedule (n-plus-one). */
export function venueRoutes(pool: Pool, switches: BottleneckSwitches): Router {
  const router = express.Router();

  router.get('/:id/rooms', async (req, res) => {
    const venueId = positiveInt(res, 'venue id', req.params.id);
    if (venueId === undefined) return;
    const { rows } = await pool.query(STATEMENTS['venue-rooms'], [venueId]);
    res.json({ venueId, rooms: rows });
  });

  router.get('/:id/schedule', async (req, res) => {
    const venueId = positiveInt(res, 'venue id', req.params.id);
    if (venueId === undefined) return;
    const from = /^\d{4}-\d{2}-\d{2}$/.test(String(req.query.from))
      ? String(req.query.from)
      : DEFAULT_SCHEDULE_FROM;
    if (!switches.isOn('n-plus-one')) {
      const { rows } = await pool.query(STATEMENTS['schedule-with-bookings'], [venueId, from]);
      res.json({ venueId, from, rooms: rows });
      return;
    }
    // The ORM-style lazy load: one round trip per room, which the lateral join above avoids.
    const { rows: rooms } = await pool.query<{ id: number; name: string }>(STATEMENTS['schedule-rooms'], [
      venueId,
    ]);
    const schedule = [];
    for (const room of rooms) {
      const { rows: bookings } = await pool.query(STATEMENTS['room-next-bookings'], [room.id, from]);
      schedule.push({ ...room, bookings });
    }
    res.json({ venueId, from, rooms: schedule });
  });
  return router;
}

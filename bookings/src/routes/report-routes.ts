import express, { type Router } from 'express';
import type { Pool } from 'pg';
import type { BottleneckSwitches } from '../bottlenecks/bottleneck-switches';
import { slowReportSql, STATEMENTS } from '../database/statements';
import { positiveInt } from './route-params';

/**
 * GET /api/reports/venues/:id/occupancy on the 3-connection `reports` pool: nights booked per month and
 * the revenue, two aggregates run in parallel (as a dashboard's panels are). With slow-reports on, each
 * takes 250 ms, and at 5 reports a second the pool's 3 connections are busy most of the time.
 */
export function reportRoutes(reports: Pool, switches: BottleneckSwitches): Router {
  const router = express.Router();
  router.get('/venues/:id/occupancy', async (req, res) => {
    const venueId = positiveInt(res, 'venue id', req.params.id);
    if (venueId === undefined) return;
    const slow = switches.isOn('slow-reports');
    const [nights, revenue] = await Promise.all([
      reports.query(slow ? slowReportSql('occupancy-nights') : STATEMENTS['occupancy-nights'], [venueId]),
      reports.query<{ revenue_cents: string }>(
        slow ? slowReportSql('occupancy-revenue') : STATEMENTS['occupancy-revenue'],
        [venueId],
      ),
    ]);
    res.json({ venueId, months: nights.rows, revenueCents: Number(revenue.rows[0]?.revenue_cents ?? 0) });
  });
  return router;
}

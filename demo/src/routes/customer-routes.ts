import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { blockEventLoop } from '../bottlenecks/block-event-loop';
import type { BottleneckSwitches } from '../bottlenecks/bottleneck-switches';

/** How long the cpu-bound bottleneck blocks the event loop per request. */
export const CPU_BOUND_MS = 200;

/** /api/customers/:id/orders (missing-index) and /api/customers/:id/summary (cpu-bound). */
export function customerRoutes(pool: Pool, switches: BottleneckSwitches): Router {
  const router = express.Router();
  router.get('/:id/orders', async (req, res) => {
    // An index lookup with orders_customer_id_idx; a sequential scan of orders without it.
    const { rows } = await pool.query(
      'SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC',
      [Number(req.params.id) || 0],
    );
    res.json({ customerId: Number(req.params.id), orders: rows });
  });
  router.get('/:id/summary', async (req, res) => {
    const id = Number(req.params.id) || 0;
    const { rows } = await pool.query<{ orders: string; spent_cents: string | null }>(
      'SELECT count(*) AS orders, sum(total_cents) AS spent_cents FROM orders WHERE customer_id = $1',
      [id],
    );
    const orders = Number(rows[0]?.orders ?? 0);
    const spentCents = Number(rows[0]?.spent_cents ?? 0);
    // The healthy score is arithmetic; the bottleneck recomputes a "fingerprint" synchronously.
    const loyalty = switches.isOn('cpu-bound')
      ? {
          score: Math.min(100, orders * 5),
          fingerprint: blockEventLoop(CPU_BOUND_MS, String(id)).slice(0, 12),
        }
      : { score: Math.min(100, orders * 5) };
    res.json({ customerId: id, orders, spentCents, loyalty });
  });
  return router;
}

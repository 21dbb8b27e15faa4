import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BottleneckSwitches } from '../bottlenecks/bottleneck-switches';

/** How long pool-exhaustion keeps a connection checked out. */
export const HELD_CONNECTION_MS = 300;
const LIST_SIZE = 20;
const ORDER_COLUMNS = 'SELECT o.id, o.customer_id, o.status, o.total_cents, o.created_at';

/** /api/orders (n-plus-one), /api/orders/:id (pool-exhaustion, error-burst) and POST /api/orders. */
export function orderRoutes(pool: Pool, switches: BottleneckSwitches): Router {
  const router = express.Router();
  let burstCounter = 0;

  router.get('/', async (_req, res) => {
    if (!switches.isOn('n-plus-one')) {
      const { rows } = await pool.query(
        `${ORDER_COLUMNS},
        (SELECT coalesce(json_agg(oi.*), '[]') FROM order_items oi WHERE oi.order_id = o.id) AS items
        FROM orders o ORDER BY o.id DESC LIMIT $1`,
        [LIST_SIZE],
      );
      res.json(rows);
      return;
    }
    // One round trip per order: the ORM-style lazy load that the correlated subquery above avoids.
    const { rows: orders } = await pool.query<{ id: number }>(
      `${ORDER_COLUMNS} FROM orders o ORDER BY o.id DESC LIMIT $1`,
      [LIST_SIZE],
    );
    const withItems = [];
    for (const order of orders) {
      const { rows: items } = await pool.query('SELECT * FROM order_items WHERE order_id = $1', [order.id]);
      withItems.push({ ...order, items });
    }
    res.json(withItems);
  });

  router.get('/:id', async (req, res) => {
    if (switches.isOn('error-burst') && burstCounter++ % 10 < 5) {
      res.status(503).json({ error: 'payment gateway unavailable (error-burst bottleneck)' });
      return;
    }
    const id = Number(req.params.id) || 0;
    const client = await pool.connect();
    try {
      const { rows } = await client.query(
        `SELECT o.*, coalesce(json_agg(oi.*) FILTER (WHERE oi.id IS NOT NULL), '[]') AS items
         FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id WHERE o.id = $1 GROUP BY o.id`,
        [id],
      );
      // Work done while still holding the connection (a fraud check, a template render): other requests
      // queue for the pool meanwhile.
      if (switches.isOn('pool-exhaustion')) await sleep(HELD_CONNECTION_MS);
      if (rows.length === 0) {
        res.status(404).json({ error: `order ${id} not found` });
        return;
      }
      res.json(rows[0]);
    } finally {
      client.release();
    }
  });

  router.post('/', express.json({ limit: '16kb' }), async (req, res) => {
    const body = req.body as { customerId?: unknown; productId?: unknown; quantity?: unknown } | undefined;
    const customerId = Number(body?.customerId);
    const productId = Number(body?.productId);
    const quantity = Number(body?.quantity ?? 1);
    if (
      !Number.isInteger(customerId) ||
      !Number.isInteger(productId) ||
      !(quantity >= 1 && quantity <= 100)
    ) {
      res.status(400).json({ error: 'expected {"customerId": int, "productId": int, "quantity": 1..100}' });
      return;
    }
    const { rows } = await pool.query(
      `WITH p AS (SELECT id, price_cents FROM products
                  WHERE id = $2 AND EXISTS (SELECT 1 FROM customers WHERE id = $1)),
            o AS (INSERT INTO orders (customer_id, status, total_cents, created_at)
                  SELECT $1, 'paid', p.price_cents * $3, now() FROM p RETURNING id)
       INSERT INTO order_items (order_id, product_id, quantity, price_cents)
       SELECT o.id, p.id, $3, p.price_cents FROM o, p RETURNING order_id`,
      [customerId, productId, quantity],
    );
    if (rows.length === 0) {
      res.status(400).json({ error: `customer ${customerId} or product ${productId} does not exist` });
      return;
    }
    res.status(201).json({ id: (rows[0] as { order_id: number }).order_id });
  });
  return router;
}

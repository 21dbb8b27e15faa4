import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { gzipSync } from 'node:zlib';
import type { BottleneckSwitches } from '../bottlenecks/bottleneck-switches';

const PAGE_SIZE = 20;

/** /api/products (large-payload) and /api/products/:id/orders (missing-index). */
export function catalogRoutes(pool: Pool, switches: BottleneckSwitches): Router {
  const router = express.Router();

  router.get('/', async (req, res) => {
    if (switches.isOn('large-payload')) {
      // The whole catalogue, descriptions included, and no compression: megabytes per call at scale 1.
      const { rows } = await pool.query('SELECT * FROM products ORDER BY id');
      res.type('application/json').send(JSON.stringify(rows));
      return;
    }
    const page = Math.max(0, Number.parseInt(String(req.query.page ?? '0'), 10) || 0);
    const { rows } = await pool.query(
      'SELECT id, name, category, price_cents FROM products ORDER BY id LIMIT $1 OFFSET $2',
      [PAGE_SIZE, page * PAGE_SIZE],
    );
    const body = Buffer.from(JSON.stringify({ page, products: rows }));
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.set({ 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' }).type('application/json');
      res.send(gzipSync(body));
      return;
    }
    res.type('application/json').send(body);
  });

  router.get('/:id/orders', async (req, res) => {
    // Fast with order_items_product_id_idx; a sequential scan of order_items without it.
    const { rows } = await pool.query(
      `SELECT oi.order_id, oi.quantity, oi.price_cents FROM order_items oi
       WHERE oi.product_id = $1 ORDER BY oi.order_id DESC LIMIT 20`,
      [Number(req.params.id) || 0],
    );
    res.json({ productId: Number(req.params.id), orders: rows });
  });
  return router;
}

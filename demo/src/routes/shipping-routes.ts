import express, { type Router } from 'express';

/** /api/shipping/quote: calls the shipping-rates service (slow-downstream makes that service slow). */
export function shippingRoutes(shippingRatesUrl: string): Router {
  const router = express.Router();
  router.get('/quote', async (req, res) => {
    const country = /^[A-Z]{2}$/.test(String(req.query.country)) ? String(req.query.country) : 'DE';
    // No timeout on purpose: the demo shows what waiting on a slow dependency does to a route.
    const answer = await fetch(`${shippingRatesUrl}/rates?country=${country}`);
    if (!answer.ok) {
      res.status(502).json({ error: `shipping rates answered ${answer.status}` });
      return;
    }
    res.json(await answer.json());
  });
  return router;
}

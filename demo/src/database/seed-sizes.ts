/** Row counts of the demo tables for a seed scale. */
export interface SeedSizes {
  customers: number;
  products: number;
  orders: number;
  orderItems: number;
}

/** Order lines per order; order_items is the largest table. */
export const ITEMS_PER_ORDER = 3;

/**
 * Scale 1 (the demo's default) gives 600,000 order lines: enough that a sequential scan of order_items
 * costs tens of milliseconds per query, so the missing-index bottleneck is plainly visible. Tests use a
 * small scale; products never drop below 200 so that catalogue pages stay meaningful.
 */
export function seedSizes(scale: number): SeedSizes {
  if (!(scale > 0 && scale <= 10)) throw new Error(`seed scale must be in (0, 10], got ${scale}`);
  const orders = Math.max(100, Math.round(200_000 * scale));
  return {
    customers: Math.max(50, Math.round(50_000 * scale)),
    products: Math.max(200, Math.round(2_000 * scale)),
    orders,
    orderItems: orders * ITEMS_PER_ORDER,
  };
}

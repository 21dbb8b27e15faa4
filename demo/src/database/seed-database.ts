import type { Pool } from 'pg';
import { ITEMS_PER_ORDER, seedSizes, type SeedSizes } from './seed-sizes';

/** The index the missing-index bottleneck drops: GET /api/customers/:id/orders needs it. */
export const CUSTOMER_ORDERS_INDEX = 'orders_customer_id_idx';

/** What {@link seedDatabase} did. */
export interface SeedResult {
  /** False when the database already held a seed of the same scale and nothing was written. */
  seeded: boolean;
  sizes: SeedSizes;
}

// Arbitrary but fixed: concurrent demo starts on one database seed once, the others wait and skip.
const SEED_LOCK_ID = 7_264_911;

/**
 * Creates and fills customers, products, orders and order_items with generate_series, unless a seed of
 * the same scale is already there (the `demo_seed` row records it), so restarts cost nothing. Tables are
 * filled before their keys and indexes exist and with synchronous_commit off: index builds after a bulk
 * load are far cheaper than index maintenance during it (PostgreSQL docs 14.4, "Populating a Database").
 */
export async function seedDatabase(pool: Pool, scale = 1): Promise<SeedResult> {
  const sizes = seedSizes(scale);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_ID]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS demo_seed (scale numeric NOT NULL, seeded_at timestamptz NOT NULL)',
    );
    const existing = await client.query<{ scale: string }>('SELECT scale FROM demo_seed');
    if (existing.rows.length === 1 && Number(existing.rows[0]!.scale) === scale) {
      return { seeded: false, sizes };
    }
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query('DROP TABLE IF EXISTS order_items, orders, products, customers');
    await client.query(createTables);
    await client.query(fillCustomers, [sizes.customers]);
    await client.query(fillProducts, [sizes.products]);
    await client.query(fillOrders, [sizes.orders, sizes.customers]);
    await client.query(fillOrderItems, [sizes.orders, ITEMS_PER_ORDER, sizes.products]);
    await client.query(addKeysAndIndexes);
    await client.query('DELETE FROM demo_seed');
    await client.query('INSERT INTO demo_seed (scale, seeded_at) VALUES ($1, now())', [scale]);
    await client.query('COMMIT');
    // Planner statistics now, not whenever autovacuum gets to it: plans must use the indexes at once.
    await client.query('ANALYZE customers, products, orders, order_items');
    return { seeded: true, sizes };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_ID]).catch(() => undefined);
    client.release();
  }
}

const createTables = `
CREATE TABLE customers (id integer NOT NULL, name text NOT NULL, email text NOT NULL, country text NOT NULL,
  created_at timestamptz NOT NULL);
CREATE TABLE products (id integer NOT NULL, name text NOT NULL, category text NOT NULL,
  price_cents integer NOT NULL, description text NOT NULL);
CREATE TABLE orders (id integer NOT NULL, customer_id integer NOT NULL, status text NOT NULL,
  total_cents integer NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE order_items (id bigint NOT NULL, order_id integer NOT NULL, product_id integer NOT NULL,
  quantity integer NOT NULL, price_cents integer NOT NULL);`;

// Deterministic pseudo-random values from the row number (hash arithmetic), so every seed is identical;
// products of row numbers are bigint, since at scale 1 they pass int4's 2^31.
const fillCustomers = `
INSERT INTO customers
SELECT i, 'Customer ' || i, 'customer' || i || '@example.test',
  (ARRAY['DE','FR','US','GB','BR','IN','JP','NL'])[1 + i % 8],
  timestamptz '2024-01-01' + (i % 700) * interval '1 day'
FROM generate_series(1, $1::int) AS i`;

const fillProducts = `
INSERT INTO products
SELECT i, 'Product ' || i, (ARRAY['books','garden','kitchen','toys','tools','music'])[1 + i % 6],
  199 + (i * 7919) % 20000, repeat('Hand-made, sturdy and well reviewed. ', 14)
FROM generate_series(1, $1::int) AS i`;

const fillOrders = `
INSERT INTO orders
SELECT i, 1 + (i::bigint * 7919 % $2::int)::int, (ARRAY['paid','shipped','delivered','cancelled'])[1 + i % 4],
  0, timestamptz '2025-01-01' + (i % 300) * interval '1 day' + (i % 86400) * interval '1 second'
FROM generate_series(1, $1::int) AS i`;

const fillOrderItems = `
INSERT INTO order_items
SELECT (o - 1) * $2::int + line, o, 1 + ((o * 31 + line * 7) * 2654435761::bigint % $3::int)::int,
  1 + (o + line) % 4, 199 + ((o + line)::bigint * 104729 % 20000)::int
FROM generate_series(1, $1::int) AS o, generate_series(1, $2::int) AS line`;

const addKeysAndIndexes = `
ALTER TABLE customers ADD PRIMARY KEY (id);
ALTER TABLE products ADD PRIMARY KEY (id);
ALTER TABLE orders ADD PRIMARY KEY (id);
ALTER TABLE order_items ADD PRIMARY KEY (id);
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE order_items ADD FOREIGN KEY (product_id) REFERENCES products (id);
CREATE INDEX ${CUSTOMER_ORDERS_INDEX} ON orders (customer_id);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);
UPDATE orders o SET total_cents = t.total
FROM (SELECT order_id, sum(quantity * price_cents)::int AS total FROM order_items GROUP BY order_id) t
WHERE o.id = t.order_id;
CREATE SEQUENCE orders_id_seq OWNED BY orders.id;
SELECT setval('orders_id_seq', (SELECT max(id) FROM orders));
ALTER TABLE orders ALTER COLUMN id SET DEFAULT nextval('orders_id_seq');
CREATE SEQUENCE order_items_id_seq OWNED BY order_items.id;
SELECT setval('order_items_id_seq', (SELECT max(id) FROM order_items));
ALTER TABLE order_items ALTER COLUMN id SET DEFAULT nextval('order_items_id_seq');`;

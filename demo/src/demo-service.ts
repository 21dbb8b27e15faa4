import express, { type ErrorRequestHandler } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { instrument, type Perflens } from '@perflens/instrument';
import { adminRoutes } from './bottlenecks/admin-routes';
import { BottleneckSwitches } from './bottlenecks/bottleneck-switches';
import { LeakyCache } from './bottlenecks/memory-leak';
import { CUSTOMER_ORDERS_INDEX, seedDatabase, type SeedResult } from './database/seed-database';
import { startShippingRatesServer } from './downstream/shipping-rates-server';
import { catalogRoutes } from './routes/catalog-routes';
import { customerRoutes } from './routes/customer-routes';
import { orderRoutes } from './routes/order-routes';
import { shippingRoutes } from './routes/shipping-routes';
import { webRoutes } from './web/web-routes';

/** Options of {@link startDemoService}. */
export interface DemoServiceOptions {
  databaseUrl: string;
  /** Bearer token for /admin/bottlenecks (at least 16 characters). */
  adminToken: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Seed scale: 1 (the default) puts 600,000 rows in order_items; tests use less. */
  scale?: number;
  /** Pool size; pool exhaustion shows once concurrency passes it. */
  poolMax?: number;
  /** Exporter base URL whose /rum.js the web page loads. */
  exporterUrl?: string;
}

/** A running demo service. */
export interface DemoService {
  url: string;
  port: number;
  switches: BottleneckSwitches;
  perflens: Perflens;
  seed: SeedResult;
  /** Stops the HTTP servers and closes the pool. */
  stop(): Promise<void>;
}

/**
 * Seeds the database (once per scale), then serves the demo shop: healthy endpoints, the switchable
 * bottlenecks (all off at start), the admin API, a web page with the RUM snippet and /metrics.
 */
export async function startDemoService(options: DemoServiceOptions): Promise<DemoService> {
  if (options.adminToken.length < 16) throw new Error('demo: adminToken must have at least 16 characters');
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10 });
  pool.on('error', () => undefined); // an idle client's lost connection is replaced on next use
  const closers: Array<() => Promise<unknown>> = [() => pool.end()];
  try {
    const seed = await seedDatabase(pool, options.scale ?? 1);
    // Best effort: the exporter's top-statements metrics need the extension in this database (it must
    // also be in shared_preload_libraries); without the privilege the demo runs all the same.
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined);
    const leak = new LeakyCache();
    const switches = new BottleneckSwitches({
      'missing-index': (on) =>
        pool.query(
          on
            ? `DROP INDEX IF EXISTS ${CUSTOMER_ORDERS_INDEX}`
            : `CREATE INDEX IF NOT EXISTS ${CUSTOMER_ORDERS_INDEX} ON orders (customer_id)`,
        ),
      'memory-leak': (on) => {
        if (!on) leak.release();
      },
    });
    await switches.resetAll();
    const shipping = await startShippingRatesServer(() => (switches.isOn('slow-downstream') ? 400 : 0));
    closers.unshift(() => shipping.close());

    const app = express();
    const perflens = instrument({ app, pool });
    app.disable('x-powered-by');
    app.use(webRoutes({ ...(options.exporterUrl ? { exporterUrl: options.exporterUrl } : {}), switches }));
    app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
    app.get('/readyz', async (_req, res) => {
      const ok = await pool.query('SELECT 1').then(
        () => true,
        () => false,
      );
      res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database unreachable' });
    });
    app.use('/admin', adminRoutes(switches, options.adminToken));
    app.use(
      '/api',
      leak.middleware(() => switches.isOn('memory-leak')),
    );
    app.use('/api/products', catalogRoutes(pool, switches));
    app.use('/api/orders', orderRoutes(pool, switches));
    app.use('/api/customers', customerRoutes(pool, switches));
    app.use('/api/shipping', shippingRoutes(shipping.url));
    app.use(jsonErrors);

    const server = await listen(app, options.port ?? 0, options.host ?? '127.0.0.1');
    closers.unshift(() => closeServer(server));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://${options.host ?? '127.0.0.1'}:${port}`,
      port,
      switches,
      perflens,
      seed,
      stop: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

const jsonErrors: ErrorRequestHandler = (error: Error, _req, res, _next) => {
  // The message stays in the process log; clients get a stable text (no internals leak out).
  process.stderr.write(`demo: ${error.stack ?? error.message}\n`);
  if (!res.headersSent) res.status(500).json({ error: 'internal error' });
};

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

async function closeAll(closers: Array<() => Promise<unknown>>): Promise<void> {
  for (const close of closers) await close().catch(() => undefined);
}

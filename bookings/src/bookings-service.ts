import express, { type ErrorRequestHandler } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import pino, { type Logger } from 'pino';
import { instrument, type Perflens } from '@perflens/instrument';
import { adminRoutes } from './bottlenecks/admin-routes';
import { BottleneckSwitches } from './bottlenecks/bottleneck-switches';
import { parseBookingsOptions, type BookingsServiceOptions } from './bookings-options';
import { GUEST_BOOKINGS_INDEX, seedDatabase, type SeedResult } from './database/seed-database';
import { startPaymentProviderStub } from './payments/payment-provider-stub';
import { authRoutes } from './routes/auth-routes';
import { bookingRoutes } from './routes/booking-routes';
import { guestRoutes } from './routes/guest-routes';
import { reportRoutes } from './routes/report-routes';
import { venueRoutes } from './routes/venue-routes';

/** A running bookings service. */
export interface BookingsService {
  url: string;
  port: number;
  switches: BottleneckSwitches;
  perflens: Perflens;
  seed: SeedResult;
  /** Stops the HTTP servers and closes both pools. */
  stop(): Promise<void>;
}

/**
 * Seeds the database (once per scale), starts the payment-provider stub and serves the bookings API with
 * two instrumented pools (`main`, `reports`), the admin switches and /metrics (docs/bookings-spec.md).
 */
export async function startBookingsService(input: BookingsServiceOptions): Promise<BookingsService> {
  const options = parseBookingsOptions(input);
  const main = new Pool({ connectionString: options.databaseUrl, max: options.mainPoolMax });
  const reports = new Pool({ connectionString: options.databaseUrl, max: options.reportsPoolMax });
  // An idle client's lost connection is replaced on next use; without a listener it would crash the process.
  main.on('error', () => undefined);
  reports.on('error', () => undefined);
  const closers: Array<() => Promise<unknown>> = [() => main.end(), () => reports.end()];
  try {
    const seed = await seedDatabase(main, options.scale);
    // Best effort: the exporter's statement metrics need the extension in this database.
    await main.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined);
    const switches = new BottleneckSwitches({
      'missing-index': (on) =>
        main.query(
          on
            ? `DROP INDEX IF EXISTS ${GUEST_BOOKINGS_INDEX}`
            : `CREATE INDEX IF NOT EXISTS ${GUEST_BOOKINGS_INDEX} ON bookings (guest_id)`,
        ),
    });
    await switches.setExactly(options.bottlenecks);
    const payments = await startPaymentProviderStub();
    closers.unshift(() => payments.close());

    const app = express();
    const perflens = instrument({ app, pools: { main, reports } });
    app.disable('x-powered-by');
    app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
    app.use('/admin', adminRoutes(switches, options.adminToken));
    app.use('/auth', authRoutes(main, switches));
    app.use('/api/venues', venueRoutes(main, switches));
    app.use('/api/guests', guestRoutes(main));
    app.use('/api/bookings', bookingRoutes(main, switches, payments.url));
    app.use('/api/reports', reportRoutes(reports, switches));
    app.use(jsonErrors(pino({ name: 'bookings', level: options.logLevel }, pino.destination(2))));

    const server = await listen(app, options.port, options.host);
    closers.unshift(() => closeServer(server));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://${options.host}:${port}`,
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

/**
 * One log line per error, on stderr (stdout carries a started process's address line); the type-error
 * bottleneck makes many, so tests that switch it on log at `silent`. Clients get a stable text.
 */
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error: Error, req, res, _next) => {
    logger.error({ method: req.method, url: req.originalUrl, err: error }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  };
}

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

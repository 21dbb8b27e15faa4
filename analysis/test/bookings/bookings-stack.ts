import path from 'node:path';
import { Client } from 'pg';
import {
  type BookingsServiceOptions,
  type BottleneckName,
  BOTTLENECK_NAMES,
  seedSizes,
  type SeedSizes,
} from '@perflens/bookings';
import {
  type PostgresInstance,
  type SourceFixtureProcess,
  startPostgres,
  startSourceFixtureProcess,
} from '@perflens/test-harness';
import { type BookingsMonitoring, startBookingsMonitoring, waitForScrapesAfter } from './bookings-monitoring';

const ADMIN_TOKEN = 'scoring-bookings-admin-token-0123';
/** The database name, as the exporter's datname label and the postgres findings' targets carry it. */
export const BOOKINGS_DATABASE = 'bookings';

/** PostgreSQL, the service in its own process, the exporter and Prometheus, stopped in reverse order. */
export interface BookingsStack {
  service: SourceFixtureProcess;
  monitoring: BookingsMonitoring;
  sizes: SeedSizes;
  /** A connection to the bookings database, for pg_stat_statements' query texts. */
  sql: Client;
  /** Switches exactly `on` on and every other bottleneck off, through the admin API. */
  switchTo(on: readonly BottleneckName[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the stack on free ports of 127.0.0.1. PostgreSQL is a cluster of its own (with pg_stat_statements,
 * as every harness cluster): the checks read server-wide numbers that other test files would move.
 */
export async function startBookingsStack(scale: number): Promise<BookingsStack> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const postgres: PostgresInstance = await startPostgres();
    stops.push(() => postgres.stop());
    const dsn = await postgres.createDatabase(BOOKINGS_DATABASE);
    // Silent: the type-error phases make a thousand expected 500s, each an error log line.
    const options: BookingsServiceOptions = {
      databaseUrl: dsn,
      adminToken: ADMIN_TOKEN,
      scale,
      logLevel: 'silent',
    };
    const service = await startSourceFixtureProcess(
      path.join(__dirname, 'bookings-process.fixture.ts'),
      [JSON.stringify(options)],
      { label: 'bookings process', timeoutMs: 120_000 },
    );
    stops.push(() => service.stop());
    const sql = new Client({ connectionString: dsn });
    await sql.connect();
    stops.push(() => sql.end());
    const monitoring = await startBookingsMonitoring(service.port, dsn);
    stops.push(() => monitoring.stop());
    await waitForScrapesAfter(monitoring.prometheus, Date.now() / 1000);
    const put = async (name: BottleneckName, enabled: boolean) => {
      const response = await fetch(`${service.url}/admin/bottlenecks/${name}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
      if (!response.ok)
        throw new Error(`switching ${name} answered ${response.status}: ${await response.text()}`);
    };
    return {
      service,
      monitoring,
      sizes: seedSizes(scale),
      sql,
      async switchTo(on) {
        for (const name of BOTTLENECK_NAMES) await put(name, on.includes(name));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

import { type BookingsService, type BottleneckName, startBookingsService } from '@perflens/bookings';
import type { PrometheusInstance } from '@perflens/test-harness';
import { startBookingsMonitoring } from '../bookings/bookings-monitoring';

export { BOOKINGS_JOB, waitForScrapesAfter } from '../bookings/bookings-monitoring';

/** The bookings service, the exporter's PostgreSQL collector and advisor on its database, and Prometheus scraping both. */
export interface BookingsStack {
  service: BookingsService;
  prometheus: PrometheusInstance;
  stop(): Promise<void>;
}

/**
 * Starts the stack on free ports: the bookings service in this process (two pools, `main` and `reports`)
 * seeded at `scale` with `bottlenecks` on, and the scoring test's monitoring (the standalone exporter's
 * PostgreSQL collector and advisor, and Prometheus scraping both every second, so a window of a few seconds
 * holds rates).
 */
export async function startBookingsStack(options: {
  databaseUrl: string;
  scale: number;
  bottlenecks: BottleneckName[];
  reportsPoolMax?: number;
}): Promise<BookingsStack> {
  const service = await startBookingsService({
    databaseUrl: options.databaseUrl,
    adminToken: 'attribution-test-admin-token',
    scale: options.scale,
    bottlenecks: options.bottlenecks,
    ...(options.reportsPoolMax !== undefined ? { reportsPoolMax: options.reportsPoolMax } : {}),
  });
  try {
    const monitoring = await startBookingsMonitoring(service.port, options.databaseUrl);
    return {
      service,
      prometheus: monitoring.prometheus,
      async stop() {
        await monitoring.stop().catch(() => undefined);
        await service.stop();
      },
    };
  } catch (error) {
    await service.stop().catch(() => undefined);
    throw error;
  }
}

/** What a route's traffic did. */
export interface RouteLoad {
  sent: number;
  failed: number;
}

/**
 * Requests `paths()` at `ratePerSecond` for `durationSeconds`, never more than `maxInFlight` open at once
 * (a request due while that many are open is skipped: the pool behind it is what the test saturates, not
 * the test's own sockets). Returns once every request sent has finished.
 */
export async function driveRoute(
  baseUrl: string,
  nextPath: () => string,
  options: { ratePerSecond: number; durationSeconds: number; maxInFlight: number },
): Promise<RouteLoad> {
  const load: RouteLoad = { sent: 0, failed: 0 };
  const open = new Set<Promise<void>>();
  const started = Date.now();
  const gapMs = 1000 / options.ratePerSecond;
  for (let i = 0; Date.now() - started < options.durationSeconds * 1000; i++) {
    const due = started + i * gapMs;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    if (open.size >= options.maxInFlight) continue;
    load.sent++;
    const request: Promise<void> = fetch(`${baseUrl}${nextPath()}`)
      .then(async (response) => {
        await response.arrayBuffer();
        if (!response.ok) load.failed++;
      })
      .catch(() => {
        load.failed++;
      })
      .finally(() => open.delete(request));
    open.add(request);
  }
  await Promise.all(open);
  return load;
}

import type { PrometheusInstance } from '@perflens/test-harness';
import {
  EXPORTER_JOB,
  startExporterMonitoring,
  waitForScrapesAfter as waitForJobsScrapedAfter,
} from '../fixtures/exporter-monitoring';

/** Prometheus `job` of the bookings service: its SLO file's service (bookings-slo.yaml). */
export const BOOKINGS_JOB = 'bookings-api';

/** The standalone exporter (PostgreSQL collector) and a Prometheus scraping it and the service every second. */
export interface BookingsMonitoring {
  prometheus: PrometheusInstance;
  stop(): Promise<void>;
}

/**
 * `perflens exporter` from a config file, as a user runs it next to their service: the PostgreSQL collector
 * on the bookings database; host and RUM off (the host is shared with the rest of the test run, and the
 * service has no web page). Prometheus scrapes both every second, so a phase of seconds has rates.
 */
export async function startBookingsMonitoring(servicePort: number, dsn: string): Promise<BookingsMonitoring> {
  const { prometheus, stop } = await startExporterMonitoring({
    dsn,
    tempDirPrefix: 'perflens-bookings-',
    scrapeTargets: { [BOOKINGS_JOB]: servicePort },
  });
  return { prometheus, stop };
}

/** Waits until Prometheus holds a sample at or after `timeSeconds` from both jobs. */
export async function waitForScrapesAfter(
  prometheus: PrometheusInstance,
  timeSeconds: number,
): Promise<void> {
  await waitForJobsScrapedAfter(prometheus, [BOOKINGS_JOB, EXPORTER_JOB], timeSeconds);
}

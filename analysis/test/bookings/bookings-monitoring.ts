import type { PrometheusInstance } from '@perflens/test-harness';
import {
  EXPORTER_JOB,
  startExporterMonitoring,
  waitForScrapesAfter as waitForJobsScrapedAfter,
} from '../fixtures/exporter-monitoring';

/** Prometheus `job` of the bookings service: its SLO file's service (bookings-slo.yaml). */
export const BOOKINGS_JOB = 'bookings-api';

/**
 * How often the exporter's advisor plans the statements again. A phase is 16 s and a bottleneck switched
 * on at its start changes plans (the missing index), so the plans must be re-read within a few seconds; a
 * production exporter keeps the 300 s default against 15-minute analyses.
 */
const ADVISOR_REFRESH_SECONDS = 5;

/** The standalone exporter (PostgreSQL collector and advisor) and a Prometheus scraping it and the service every second. */
export interface BookingsMonitoring {
  prometheus: PrometheusInstance;
  stop(): Promise<void>;
}

/**
 * `perflens exporter` from a config file, as a user runs it next to their service: the PostgreSQL collector
 * on the bookings database, and its advisor, whose plans say which statements scan which tables
 * (perflens_pg_statement_plan_seq_scans); host and RUM off (the host is shared with the rest of the test
 * run, and the service has no web page). Prometheus scrapes both every second, so a phase of seconds has rates.
 */
export async function startBookingsMonitoring(servicePort: number, dsn: string): Promise<BookingsMonitoring> {
  const { prometheus, stop } = await startExporterMonitoring({
    dsn,
    tempDirPrefix: 'perflens-bookings-',
    scrapeTargets: { [BOOKINGS_JOB]: servicePort },
    extraFiles: {
      'advisor-viewer-token': 'bookings-advisor-viewer-token-0123456789',
      'advisor-admin-token': 'bookings-advisor-admin-token-01234567890',
    },
    // The harness cluster's only role is its superuser, which the service runs as too: a throw-away
    // cluster, the case allowSuperuser and planSuperuserStatements exist for (docs/advisor.md, "Privileges").
    extraConfigLines: [
      `advisor: { enabled: true, viewerTokenFile: advisor-viewer-token, adminTokenFile: advisor-admin-token, ` +
        `allowSuperuser: true, planSuperuserStatements: true, refreshSeconds: ${ADVISOR_REFRESH_SECONDS} }`,
    ],
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

import type { AdvisorReport } from '@perflens/advisor';
import type { RunningExporter } from '@perflens/exporter';
import type { PrometheusInstance } from '@perflens/test-harness';
import {
  EXPORTER_JOB,
  startExporterMonitoring,
  waitForScrapesAfter as waitForJobsScrapedAfter,
} from '../fixtures/exporter-monitoring';

export { EXPORTER_JOB } from '../fixtures/exporter-monitoring';

/** Prometheus `job` of the demo: the SLO file's service. */
export const DEMO_JOB = 'demo-api';
const ADVISOR_VIEWER_TOKEN = 'e2e-advisor-viewer-token-0123456789';

/** The standalone exporter (PostgreSQL collector and advisor API) and a Prometheus scraping it and the demo. */
export interface MonitoringStack {
  prometheus: PrometheusInstance;
  exporter: RunningExporter;
  /** The advisor's report from the exporter's API (GET /api/v1/advisor/recommendations?refresh=true). */
  advisorReport(): Promise<AdvisorReport>;
  stop(): Promise<void>;
}

/**
 * Starts `perflens exporter` in this process from a config file, as users run it: the PostgreSQL collector
 * on the demo's database and the advisor API; the host collector is off (the host is shared with the rest
 * of the test run, and host pressure is not a demo bottleneck), RUM is off (no browser here). Prometheus
 * scrapes both every second, so a phase of a few seconds has enough samples for rates. `prometheusArgs`
 * go to Prometheus (`--web.enable-remote-write-receiver` for k6).
 */
export async function startMonitoringStack(
  demoPort: number,
  dsn: string,
  prometheusArgs: readonly string[] = [],
): Promise<MonitoringStack> {
  const { exporter, prometheus, stop } = await startExporterMonitoring({
    dsn,
    tempDirPrefix: 'perflens-e2e-',
    extraFiles: {
      'viewer-token': ADVISOR_VIEWER_TOKEN,
      'admin-token': `${ADVISOR_VIEWER_TOKEN}-admin`,
    },
    extraConfigLines: [
      // The throw-away cluster's only role is its superuser (the demo's too), which the advisor refuses, and
      // whose statements it does not plan, unless told.
      'advisor: { enabled: true, viewerTokenFile: viewer-token, adminTokenFile: admin-token, allowSuperuser: true, planSuperuserStatements: true }',
    ],
    scrapeTargets: { [DEMO_JOB]: demoPort },
    prometheusArgs,
  });
  return {
    prometheus,
    exporter,
    async advisorReport() {
      const response = await fetch(`${exporter.url}/api/v1/advisor/recommendations?refresh=true`, {
        headers: { authorization: `Bearer ${ADVISOR_VIEWER_TOKEN}` },
      });
      if (!response.ok) throw new Error(`advisor API answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as AdvisorReport;
    },
    stop,
  };
}

/**
 * Waits until Prometheus holds a sample at or after `timeSeconds` from both jobs: an analysis ending
 * then sees the whole phase. (A scrape reflects the state at its own time, so the last second matters.)
 */
export async function waitForScrapesAfter(
  prometheus: PrometheusInstance,
  timeSeconds: number,
): Promise<void> {
  await waitForJobsScrapedAfter(prometheus, [DEMO_JOB, EXPORTER_JOB], timeSeconds);
}

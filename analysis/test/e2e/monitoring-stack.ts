import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { AdvisorReport } from '@perflens/advisor';
import { loadExporterConfig, type RunningExporter, startExporterServer } from '@perflens/exporter';
import { type PrometheusInstance, startPrometheus } from '@perflens/test-harness';

/** Prometheus `job` of the demo: the SLO file's service. */
export const DEMO_JOB = 'demo-api';
export const EXPORTER_JOB = 'perflens-exporter';
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
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-e2e-'));
  let exporter: RunningExporter | undefined;
  try {
    writeFileSync(path.join(dir, 'dsn'), dsn);
    writeFileSync(path.join(dir, 'viewer-token'), ADVISOR_VIEWER_TOKEN);
    writeFileSync(path.join(dir, 'admin-token'), `${ADVISOR_VIEWER_TOKEN}-admin`);
    const configFile = path.join(dir, 'perflens.yaml');
    writeFileSync(
      configFile,
      [
        'server: { host: 127.0.0.1, port: 0 }',
        'logging: { level: silent }',
        'host: { enabled: false }',
        'rum: { enabled: false }',
        'postgres: { databases: [ { dsnFile: dsn } ], timeoutSeconds: 3 }',
        // The throw-away cluster's only role is its superuser (the demo's too), which the advisor refuses, and
        // whose statements it does not plan, unless told.
        'advisor: { enabled: true, viewerTokenFile: viewer-token, adminTokenFile: admin-token, allowSuperuser: true, planSuperuserStatements: true }',
      ].join('\n'),
    );
    exporter = await startExporterServer(loadExporterConfig(configFile, {}), pino({ level: 'silent' }));
    const exporterPort = exporter.port;
    const prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [
          { job_name: DEMO_JOB, static_configs: [{ targets: [`127.0.0.1:${demoPort}`] }] },
          { job_name: EXPORTER_JOB, static_configs: [{ targets: [`127.0.0.1:${exporterPort}`] }] },
        ],
      },
      extraArgs: [...prometheusArgs],
    });
    const running = exporter;
    return {
      prometheus,
      exporter: running,
      async advisorReport() {
        const response = await fetch(`${running.url}/api/v1/advisor/recommendations?refresh=true`, {
          headers: { authorization: `Bearer ${ADVISOR_VIEWER_TOKEN}` },
        });
        if (!response.ok)
          throw new Error(`advisor API answered ${response.status}: ${await response.text()}`);
        return (await response.json()) as AdvisorReport;
      },
      async stop() {
        await prometheus.stop();
        await running.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await exporter?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Waits until Prometheus holds a sample at or after `timeSeconds` from both jobs: an analysis ending
 * then sees the whole phase. (A scrape reflects the state at its own time, so the last second matters.)
 */
export async function waitForScrapesAfter(
  prometheus: PrometheusInstance,
  timeSeconds: number,
): Promise<void> {
  await prometheus.waitFor(
    `count(timestamp(up{job=~"${DEMO_JOB}|${EXPORTER_JOB}"}) >= ${timeSeconds})`,
    (result) => Number(result[0]?.value[1]) === 2,
    { timeoutMs: 30_000, intervalMs: 200 },
  );
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadExporterConfig, type RunningExporter, startExporterServer } from '@perflens/exporter';
import { type PrometheusInstance, startPrometheus } from '@perflens/test-harness';

/** Prometheus `job` of the bookings service: its SLO file's service (bookings-slo.yaml). */
export const BOOKINGS_JOB = 'bookings-api';
const EXPORTER_JOB = 'perflens-exporter';

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
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-bookings-'));
  let exporter: RunningExporter | undefined;
  try {
    writeFileSync(path.join(dir, 'dsn'), dsn);
    const configFile = path.join(dir, 'perflens.yaml');
    writeFileSync(
      configFile,
      [
        'server: { host: 127.0.0.1, port: 0 }',
        'logging: { level: silent }',
        'host: { enabled: false }',
        'rum: { enabled: false }',
        'postgres: { databases: [ { dsnFile: dsn } ], timeoutSeconds: 3 }',
      ].join('\n'),
    );
    exporter = await startExporterServer(loadExporterConfig(configFile, {}), pino({ level: 'silent' }));
    const prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [
          { job_name: BOOKINGS_JOB, static_configs: [{ targets: [`127.0.0.1:${servicePort}`] }] },
          { job_name: EXPORTER_JOB, static_configs: [{ targets: [`127.0.0.1:${exporter.port}`] }] },
        ],
      },
    });
    const running = exporter;
    return {
      prometheus,
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

/** Waits until Prometheus holds a sample at or after `timeSeconds` from both jobs. */
export async function waitForScrapesAfter(
  prometheus: PrometheusInstance,
  timeSeconds: number,
): Promise<void> {
  await prometheus.waitFor(
    `count(timestamp(up{job=~"${BOOKINGS_JOB}|${EXPORTER_JOB}"}) >= ${timeSeconds})`,
    (result) => Number(result[0]?.value[1]) === 2,
    { timeoutMs: 30_000, intervalMs: 200 },
  );
}

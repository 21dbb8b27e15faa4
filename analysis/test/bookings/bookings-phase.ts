import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type BottleneckName, driveTraffic, type TrafficResult } from '@perflens/bookings';
import { analyze } from '../../src/analyze';
import { loadSloInput } from '../../src/cli/slo-input';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import { resolveThresholds, type ResolvedThresholds } from '../../src/thresholds/resolve-thresholds';
import { E2E_THRESHOLDS } from '../e2e/e2e-thresholds';
import { BOOKINGS_JOB, waitForScrapesAfter } from './bookings-monitoring';
import { type PhaseScore, readStatementNames, scorePhase } from './bookings-score';
import type { BookingsStack } from './bookings-stack';

/** Traffic per phase: the spec’s mix (30 requests/s) for 16 s; the first 2 s are left out of the window. */
export const PHASE_SECONDS = 16;
const SETTLE_SECONDS = 2;

/**
 * The thresholds `perflens analyze --slo analysis/test/bookings/bookings-slo.yaml --config <e2e config>`
 * resolves: the service's own SLO file, and the e2e overrides of values that need minutes of data.
 */
export async function bookingsThresholds(): Promise<ResolvedThresholds> {
  const { slos } = await loadSloInput({ slo: path.join(__dirname, 'bookings-slo.yaml') });
  return resolveThresholds({
    job: BOOKINGS_JOB,
    slos,
    config: E2E_THRESHOLDS,
    configFile: 'e2e test config',
  });
}

/** One phase: its traffic, the analysis of its window, and the score against the spec. */
export interface PhaseRun {
  traffic: TrafficResult;
  /** Scans of the bookings table during the phase (pg_stat_user_tables). */
  bookingsScans: { seq: number; idx: number };
  report: AnalysisReport;
  score: PhaseScore;
}

/**
 * Switches exactly `active` on, drives the mix, waits until Prometheus has scraped past the end, and
 * analyses the window as `perflens analyze --from --to --job bookings-api` does; then scores it.
 */
export async function runPhase(
  stack: BookingsStack,
  thresholds: ResolvedThresholds,
  phase: string,
  active: BottleneckName[],
): Promise<PhaseRun> {
  await stack.switchTo(active);
  const cpuBefore = processCpuSeconds(stack.service.pid);
  const scansBefore = await bookingsScans(stack);
  const startSeconds = Date.now() / 1000;
  const traffic = await driveTraffic({
    baseUrl: stack.service.url,
    sizes: stack.sizes,
    durationSeconds: PHASE_SECONDS,
    maxInFlight: 64,
    // A seed per phase: the same route mix and rates, but new stays to book (a repeated one would be taken).
    seed: [...phase].reduce((hash, c) => Math.imul(hash, 31) + c.charCodeAt(0), 7),
  });
  const endSeconds = Date.now() / 1000;
  const serviceCores = (processCpuSeconds(stack.service.pid) - cpuBefore) / (endSeconds - startSeconds);
  await waitForScrapesAfter(stack.monitoring.prometheus, endSeconds);
  const report = await analyze({
    client: createHttpPrometheusClient({ url: stack.monitoring.prometheus.url }),
    scope: {
      job: BOOKINGS_JOB,
      endSeconds: Math.floor(endSeconds),
      rangeSeconds: Math.floor(endSeconds) - Math.ceil(startSeconds + SETTLE_SECONDS),
    },
    thresholds,
  });
  const context = {
    statementNames: await readStatementNames(stack.sql),
    instance: `127.0.0.1:${stack.service.port}`,
  };
  const score = scorePhase(phase, active, report, context);
  const slowest = Math.max(...Object.values(traffic.byRoute).map((r) => r.slowestMs));
  const scansAfter = await bookingsScans(stack);
  const scanned = { seq: scansAfter.seq - scansBefore.seq, idx: scansAfter.idx - scansBefore.idx };
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  score.traffic =
    `${traffic.sent} requests sent, ${traffic.dropped} dropped, slowest ${slowest} ms; ` +
    `service used ${serviceCores.toFixed(2)} cores; load average ${load}; table bookings: ` +
    `${scanned.seq} sequential and ${scanned.idx} index scans`;
  return { traffic, bookingsScans: scanned, report, score };
}

/** User + system CPU seconds of a process (Linux /proc/<pid>/stat, in clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ", utime and stime are the 12th and 13th fields.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Sequential and index scans of the bookings table so far (pg_stat_user_tables). */
async function bookingsScans(stack: BookingsStack): Promise<{ seq: number; idx: number }> {
  const { rows } = await stack.sql.query<{ seq: string; idx: string }>(
    "SELECT seq_scan AS seq, coalesce(idx_scan, 0) AS idx FROM pg_stat_user_tables WHERE relname = 'bookings'",
  );
  return { seq: Number(rows[0]?.seq ?? 0), idx: Number(rows[0]?.idx ?? 0) };
}

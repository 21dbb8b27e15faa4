import type { AnalysisReport } from '../../src/report/analysis-report';
import type { IndexAdvice } from '../../src/recommend/index-advice';
import type { ResolvedThresholds } from '../../src/thresholds/resolve-thresholds';
import { analyzeWindow } from './analyze-phase';
import type { DemoStack } from './demo-stack';
import { driveTraffic, type TrafficOptions, type TrafficResult } from './demo-traffic';
import { waitForScrapesAfter } from './monitoring-stack';

/**
 * One phase's traffic: 90 requests/s over 12 connections (more than the pool of 5) for 10 s, about 13
 * requests/s per route. The demo's own process uses a tenth of a core at this rate, so the machine is
 * never what the engine finds.
 */
export const PHASE_TRAFFIC: TrafficOptions = { ratePerSecond: 90, durationSeconds: 10, connections: 12 };

/** The first seconds of a phase are left out of its window: the switch has just happened. */
const SETTLE_SECONDS = 2;

/** What one phase produced. */
export interface PhaseResult {
  traffic: TrafficResult;
  report: AnalysisReport;
}

/**
 * Drives the phase's traffic, waits until Prometheus has scraped past its end, and analyses the phase's
 * window the way `perflens analyze --from <start> --to <end>` does. `advice` is read after the traffic,
 * while the phase's state (a dropped index) still holds.
 */
export async function runPhase(
  stack: DemoStack,
  thresholds: ResolvedThresholds,
  advice: () => Promise<IndexAdvice[]> = async () => [],
): Promise<PhaseResult> {
  const startSeconds = Date.now() / 1000;
  const traffic = await driveTraffic(stack.demo.url, stack.sizes, PHASE_TRAFFIC);
  const endSeconds = Date.now() / 1000;
  await waitForScrapesAfter(stack.monitoring.prometheus, endSeconds);
  const window = { fromSeconds: Math.ceil(startSeconds + SETTLE_SECONDS), toSeconds: Math.floor(endSeconds) };
  const report = await analyzeWindow(stack.monitoring.prometheus.url, window, thresholds, await advice());
  return { traffic, report };
}

import { SLO_BUDGET_REMAINING } from '@perflens/conventions';
import { healthyProfile, JOB, OpenMetricsWriter, writeServiceProfile } from '@perflens/test-harness';

/**
 * What the harness' Prometheus holds, built from the harness's synthetic service profile (@perflens/test-harness): the demo
 * service over 40 minutes with the missing-index chain switched on (a slow, database-bound route, one
 * statement reading the orders table whole, sequential scans on it), a saturated pool, the SLO recording
 * rules' budget series, and two k6 runs tagged by testid.
 */
export const SCENARIO = {
  job: JOB,
  /** 2023-11-15T00:00:00Z, on a 2-hour TSDB block boundary, as the analysis fixture tests use. */
  startSeconds: 1_700_006_400,
  endSeconds: 1_700_006_400 + 2400,
  baselineTestid: 'nightly-baseline',
  testid: 'nightly-candidate',
};

/** The analysed range of the pages: the last 30 minutes of the scenario (URL `from`/`to` in ms). */
export const SCENARIO_RANGE = { from: (SCENARIO.endSeconds - 1800) * 1000, to: SCENARIO.endSeconds * 1000 };

export function scenarioOpenMetrics(): string {
  const window: [number, number] = [SCENARIO.startSeconds, SCENARIO.endSeconds];
  const writer = new OpenMetricsWriter(15);
  const profile = healthyProfile();
  Object.assign(profile.routes[0]!, { slowShare: 0.2, fastSeconds: 0.1, dbSecondsPerRequest: 0.08 });
  Object.assign(profile.statements[0]!, { meanSeconds: 0.03, blocksPerCall: 2000 });
  Object.assign(profile.tables[0]!, { seqScansPerSecond: 10, indexScansPerSecond: 30 });
  Object.assign(profile.pool, { used: 10, pending: 4, waitSeconds: 0.08 });
  writeServiceProfile(writer, window, profile);

  const budget = { job: JOB };
  writer.gauge(SLO_BUDGET_REMAINING, { ...budget, slo: 'availability' }, window, 0.82);
  writer.gauge(SLO_BUDGET_REMAINING, { ...budget, slo: 'latency' }, window, -0.35);

  // k6 trend stats as the remote-write output sends them (seconds), as analysis' check cases write them.
  const runs: Array<[string, number, number]> = [
    [SCENARIO.baselineTestid, 0.18, 0],
    [SCENARIO.testid, 0.6, 0.02],
  ];
  for (const [testid, p95Seconds, failedShare] of runs) {
    const labels = { job: 'k6', testid, name: 'http://shop/api/products', method: 'GET' };
    writer.gauge('k6_http_req_duration_p95', labels, window, p95Seconds);
    writer.gauge('k6_http_req_failed_rate', labels, window, failedShare);
    writer.counter('k6_http_reqs', { ...labels, status: '200' }, window, 30);
  }
  return writer.render();
}

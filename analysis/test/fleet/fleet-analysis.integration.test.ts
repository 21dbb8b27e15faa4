import {
  backfillFleets,
  type FleetProfile,
  type PrometheusInstance,
  startBackfilledPrometheus,
} from '@perflens/test-harness';
import { analyze } from '../../src/analyze';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import { thresholds } from '../fixtures/in-memory-evidence';

/**
 * The fleet checks against a real Prometheus: a 50-instance × 200-route fleet with one outlier instance and
 * one instance taking three times its share, and a clean 10-instance fleet, simulated from fixed seeds and
 * backfilled with promtool into one TSDB: a sample every 30 s over 5½ minutes, about 250 MB of OpenMetrics.
 * The range is 5 minutes, so memory growth is judged from 5 minutes (runtime.heapGrowthMinRangeSeconds).
 */
const ANCHOR_SECONDS = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const WINDOW: [number, number] = [ANCHOR_SECONDS, ANCHOR_SECONDS + 330];
const RANGE_SECONDS = 300;
const THRESHOLDS = thresholds({ runtime: { heapGrowthMinRangeSeconds: RANGE_SECONDS } });

const ANOMALOUS: FleetProfile = {
  job: 'fleet-50',
  instances: 50,
  routes: 200,
  seed: 17,
  outlier: {
    instance: 7,
    latencyFactor: 4,
    errorRatio: 0.05,
    eventLoopLagP99Seconds: 0.08,
    memoryGrowthBytesPerSecond: 100_000,
  },
  unevenLoad: { instance: 23, trafficFactor: 3 },
};
const CLEAN: FleetProfile = { job: 'fleet-10', instances: 10, routes: 200, seed: 29 };

let prometheus: PrometheusInstance | undefined;
let removeBlocks = () => undefined as void;
const reports = new Map<string, AnalysisReport>();

beforeAll(async () => {
  const backfill = await backfillFleets([ANOMALOUS, CLEAN], WINDOW, 30);
  removeBlocks = backfill.remove;
  prometheus = await startBackfilledPrometheus(backfill.blocksDir);
  const client = createHttpPrometheusClient({ url: prometheus.url });
  for (const job of [ANOMALOUS.job, CLEAN.job]) {
    const scope = { job, endSeconds: WINDOW[1], rangeSeconds: RANGE_SECONDS };
    reports.set(job, await analyze({ client, scope, thresholds: THRESHOLDS }));
  }
  // Writing the file and promtool take most of this file's 40 s (two cores at load average 12).
}, 240_000);

afterAll(async () => {
  await prometheus?.stop();
  removeBlocks();
}, 30_000);

const FLEET_CHECKS = new Set(['runtime.outlier-instance', 'api.uneven-load']);
const fleetFindings = (job: string) =>
  (reports.get(job) as AnalysisReport).findings.filter((f) => FLEET_CHECKS.has(f.check));

describe('fleet analysis of 50 instances × 200 routes in a real Prometheus', () => {
  it('names the outlier instance on every measure it was made worse on', () => {
    const outliers = fleetFindings(ANOMALOUS.job).filter((f) => f.check === 'runtime.outlier-instance');
    expect(outliers.map((f) => f.target)).toEqual([{ job: 'fleet-50', instance: 'api-007:3000' }]);
    expect(outliers[0]?.evidence.map((e) => e.label)).toEqual([
      'p95 latency, all routes',
      '5xx ratio',
      'mean p99 event-loop lag',
      'resident memory growth relative to its mean',
    ]);
    expect(outliers[0]?.title).toMatch(
      /^api-007:3000 is an outlier among 50 instances of fleet-50: p95 latency/,
    );
  });

  it('names the instance that takes three times its share as uneven load', () => {
    const uneven = fleetFindings(ANOMALOUS.job).filter((f) => f.check === 'api.uneven-load');
    expect(uneven.map((f) => f.target)).toEqual([{ job: 'fleet-50', instance: 'api-023:3000' }]);
    const [ratio] = uneven[0]?.evidence ?? [];
    // trafficFactor 3 against peers spread ±5%: within 10% of 3.
    expect(ratio?.value).toBeGreaterThan(2.7);
    expect(ratio?.value).toBeLessThan(3.3);
    expect(uneven[0]?.links.dashboard).toContain('var-instance=api-023%3A3000');
  });

  it('finds nothing in the clean fleet', () => {
    expect(fleetFindings(CLEAN.job)).toEqual([]);
  });

  it('issues as many queries for 10 instances as for 50', () => {
    const counts = [ANOMALOUS.job, CLEAN.job].map((job) => reports.get(job)?.stats.queryCount);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[0]).toBe(counts[1]);
  });
});

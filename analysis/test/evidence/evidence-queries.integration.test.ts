import {
  healthyProfile,
  JOB,
  route,
  type ServiceProfile,
  useBackfilledPrometheus,
  writeServiceProfile,
} from '@perflens/test-harness';
import { analyze } from '../../src/analyze';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import { CAPACITY_CASE, CHECK_CASES, writeCase } from '../fixtures/check-cases';
import { DEMO_SLOS, thresholds } from '../fixtures/in-memory-evidence';
import {
  agrees,
  DERIVED_LABEL,
  describeMismatches,
  reproduceEvidence,
  type Reproduction,
} from './reproduce-evidence';

/**
 * Every number a finding shows can be pasted: each evidence query, evaluated in a real Prometheus at the
 * finding's time (the end of the analysed range), returns the finding's value as the series of its target.
 * Three slots of backfilled series, three hours apart: a service with every bottleneck of every layer at
 * once (one per route where they share one), a k6 run that breaches its thresholds after a baseline, and a
 * k6 ramp past capacity. Evidence that is derived by design says so in its label (DERIVED_LABEL).
 */
const ANCHOR_SECONDS = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const SLOT_SECONDS = 3 * 3600;
const WINDOW_SECONDS = 2400;
const RANGE_SECONDS = 1800;
const windowOf = (slot: number): [number, number] => {
  const start = ANCHOR_SECONDS + slot * SLOT_SECONDS;
  return [start, start + WINDOW_SECONDS];
};

/** Every bottleneck the fixture cases switch on one at a time, on together (each API one on its own route). */
function everythingOn(p: ServiceProfile): void {
  p.routes = [
    route({ route: '/api/products', slowShare: 0.2 }),
    route({ route: '/api/orders', method: 'POST', requestsPerSecond: 15, errorShare: 0.05 }),
    route({ route: '/api/cart', fastSeconds: 0.1, dbSecondsPerRequest: 0.08 }),
    route({ route: '/api/search', dbQueriesPerRequest: 40 }),
    route({ route: '/api/categories', requestsPerSecond: 200, dbSecondsPerRequest: 0.015 }),
    route({ route: '/api/export', responseBytes: 3_000_000 }),
  ];
  Object.assign(p.runtime, {
    elu: 0.97,
    lagP99Seconds: 0.25,
    heapGrowthBytesPerSecond: 20_000,
    gcShare: 0.2,
  });
  Object.assign(p.pool, { used: 10, pending: 4, waitSeconds: 0.08 });
  Object.assign(p.statements[0] ?? {}, { meanSeconds: 0.03 });
  Object.assign(p.statements[2] ?? {}, { meanSeconds: 0.12 });
  Object.assign(p.tables[0] ?? {}, { seqScansPerSecond: 10, indexScansPerSecond: 30 });
  Object.assign(p.database, {
    blocksReadPerSecond: 500,
    lockWaiting: 3,
    deadlocksPerHour: 6,
    longestTransactionSeconds: 900,
    longestTransactionState: 'idle in transaction',
    connections: 92,
  });
  Object.assign(p.host, { cpuBusy: 0.92, memoryAvailableShare: 0.04, diskFreeShare: 0.07 });
  Object.assign(p.pages[0] ?? {}, { lcp: 4.5, ttfb: 1.6 });
}

const BASELINE_CASE = CHECK_CASES.find(
  (c) => c.check === 'load-test.baseline-regression' && c.kind === 'positive',
);
const SLOTS = [
  { name: 'every bottleneck on', testid: undefined, baselineTestid: undefined },
  { name: 'a k6 run slower than its baseline', testid: 'after', baselineTestid: 'before' },
  { name: 'a k6 ramp past capacity', testid: 'ramp', baselineTestid: undefined },
];

describe('evidence queries reproduce the numbers of their findings', () => {
  const prometheus = useBackfilledPrometheus((writer) => {
    const profile = healthyProfile();
    everythingOn(profile);
    writeServiceProfile(writer, windowOf(0), profile);
    if (!BASELINE_CASE) throw new Error('check-cases.ts has no positive load-test.baseline-regression case');
    writeCase(writer, windowOf(1), BASELINE_CASE);
    writeCase(writer, windowOf(2), CAPACITY_CASE);
  });
  const client = () => createHttpPrometheusClient({ url: prometheus().url });

  const reports = new Map<number, AnalysisReport>();
  async function reportOf(slot: number): Promise<AnalysisReport> {
    const cached = reports.get(slot);
    if (cached) return cached;
    const { testid, baselineTestid } = SLOTS[slot] as (typeof SLOTS)[number];
    const report = await analyze({
      client: client(),
      scope: {
        job: JOB,
        endSeconds: windowOf(slot)[1],
        rangeSeconds: RANGE_SECONDS,
        ...(testid ? { testid } : {}),
        ...(baselineTestid ? { baselineTestid } : {}),
        loadTestLookbackSeconds: 86_400,
      },
      thresholds: thresholds({}, DEMO_SLOS),
    });
    reports.set(slot, report);
    return report;
  }

  it.each(SLOTS.map((slot, index) => [slot.name, index] as const))(
    '%s: every evidence query, evaluated at the finding’s time, gives the finding’s value',
    async (_name, slot) => {
      const report = await reportOf(slot);
      expect(report.skippedLayers).toEqual([]);
      const rows = await reproduceEvidence(client(), report.findings, report.scope.endSeconds);
      const checked = rows.filter((r) => !DERIVED_LABEL.test(r.label));
      const wrong: Reproduction[] = checked.filter(
        (r) => r.reproduced === undefined || !agrees(r.value, r.reproduced),
      );
      // The figures for the closing note.
      process.stdout.write(
        `${SLOTS[slot]?.name}: ${report.findings.length} findings, ${rows.length} evidence queries, ${checked.length} checked, ${rows.length - checked.length} derived, ${wrong.length} not reproduced\n`,
      );
      expect(describeMismatches(wrong)).toBe('');
      expect(checked.length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('covers the checks of every layer the fixtures can switch on', async () => {
    const checks = new Set<string>();
    for (const slot of SLOTS.keys()) for (const f of (await reportOf(slot)).findings) checks.add(f.check);
    const expected = [...CHECK_CASES, CAPACITY_CASE]
      .filter((c) => c.kind === 'positive' && c.check !== 'load-test.threshold-breaches')
      .map((c) => c.check);
    expect([...expected].filter((check) => !checks.has(check))).toEqual([]);
  }, 60_000);
});

import { JOB, useBackfilledPrometheus } from '@perflens/test-harness';
import { analyze } from '../src/analyze';
import { indexAdviceFromAdvisorReport } from '../src/recommend/index-advice';
import type { AnalysisReport } from '../src/report/analysis-report';
import { createHttpPrometheusClient } from '../src/sources/http-prometheus-client';
import { describeLink, followCauses } from './e2e/cause-chain';
import { DEMO_SLOS, thresholds } from './fixtures/in-memory-evidence';
import { CUSTOMER_ORDERS, CUSTOMER_ORDERS_QUERYID, writeRecentMissingIndex } from './fixtures/recent-change';

/**
 * Issue 15: a missing index that began 2 minutes before the end of the default 15-minute range is a
 * seventh of the range's rates, too little for the statement's blocks per call to show it reads orders
 * whole. The engine judges the range's last 150 s too; this proves it on a real Prometheus with backfilled
 * data: one slot with the change, one with the same service and no change, three hours apart.
 */
const ANCHOR_SECONDS = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const SLOT_SECONDS = 3 * 3600;
const WINDOW_SECONDS = 20 * 60;
const RANGE_SECONDS = 15 * 60;
const CHANGE_SECONDS_BEFORE_END = 120;
const SLOTS = { changed: 0, unchanged: 1 } as const;

const windowOf = (slot: number): [number, number] => {
  const start = ANCHOR_SECONDS + slot * SLOT_SECONDS;
  return [start, start + WINDOW_SECONDS];
};

/** The advisor's proof for orders.customer_id, as `perflens advisor --format json` reports it. */
const ADVISOR_REPORT = {
  database: 'shop',
  recommendations: [
    {
      kind: 'missing-index',
      target: {
        schema: 'public',
        table: 'orders',
        index: 'orders_customer_id_idx',
        columns: ['customer_id'],
      },
      statements: [{ queryid: CUSTOMER_ORDERS_QUERYID }],
      verified: true,
    },
  ],
};

const prometheus = useBackfilledPrometheus((writer) => {
  writeRecentMissingIndex(writer, windowOf(SLOTS.changed), CHANGE_SECONDS_BEFORE_END);
  writeRecentMissingIndex(writer, windowOf(SLOTS.unchanged), undefined);
});

function analyzeSlot(slot: number): Promise<AnalysisReport> {
  return analyze({
    client: createHttpPrometheusClient({ url: prometheus().url }),
    scope: { job: JOB, endSeconds: windowOf(slot)[1], rangeSeconds: RANGE_SECONDS },
    thresholds: thresholds({}, DEMO_SLOS),
    indexAdvice: indexAdviceFromAdvisorReport(ADVISOR_REPORT),
  });
}

const isOrdersScan = (f: AnalysisReport['findings'][number]) =>
  f.check === 'postgres.sequential-scans' && f.target.relname === 'orders';

describe('a missing index switched on 2 minutes before the end of a 15-minute range', () => {
  it('leads the postgres layer with the sequential scans that slow the statement, and its CREATE INDEX', async () => {
    const report = await analyzeSlot(SLOTS.changed);
    expect(report.skippedLayers).toEqual([]);
    const chain = followCauses(report, [
      (f) => f.check === 'api.route-slower-than-slo' && f.target.http_route === CUSTOMER_ORDERS.route,
      (f) => f.check === 'api.database-bound-route' && f.target.http_route === CUSTOMER_ORDERS.route,
      (f) => f.layer === 'postgres' && f.target.queryid === CUSTOMER_ORDERS_QUERYID,
      isOrdersScan,
    ]);
    expect(chain.map(describeLink)).toEqual([
      expect.stringMatching(/^api api\.route-slower-than-slo /),
      expect.stringMatching(/^api api\.database-bound-route /),
      `postgres postgres.top-time-statements {"datname":"shop","queryid":"${CUSTOMER_ORDERS_QUERYID}"}`,
      'postgres postgres.sequential-scans {"datname":"shop","schemaname":"public","relname":"orders"}',
    ]);
    // A cause heads its symptom's layer: the report's first finding is the database time that slows the
    // route, and the postgres layer is headed by the scans that slow the statement.
    expect(report.findings[0]?.id).toBe(chain[1]?.id);
    expect(report.findings.find((f) => f.layer === 'postgres')?.id).toBe(chain[3]?.id);
    const scan = chain[3];
    expect(scan?.recommendations[0]).toMatchObject({
      sql: expect.stringContaining(
        '\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);',
      ),
      spec: {
        kind: 'create-index',
        table: 'orders',
        readBy: [CUSTOMER_ORDERS_QUERYID],
        columns: ['customer_id'],
      },
    });
    // Judged on the recent window, and saying so.
    expect(scan?.evidence[0]?.label).toBe('share of scans using an index (last 150s of 15m)');
    expect(scan?.evidence[0]?.query).toContain('[150s]');
  });

  it('finds no missing index in the same service without the change', async () => {
    const report = await analyzeSlot(SLOTS.unchanged);
    expect(report.skippedLayers).toEqual([]);
    expect(report.findings.filter(isOrdersScan).map((f) => f.title)).toEqual([]);
    expect(
      report.findings.filter((f) => f.target.queryid === CUSTOMER_ORDERS_QUERYID).map((f) => f.title),
    ).toEqual([]);
  });

  it('reads the recent window in the same queries: as many as a range too short to have one', async () => {
    const withRecent = await analyzeSlot(SLOTS.changed);
    const withoutRecent = await analyze({
      client: createHttpPrometheusClient({ url: prometheus().url }),
      scope: { job: JOB, endSeconds: windowOf(SLOTS.changed)[1], rangeSeconds: 180 },
      thresholds: thresholds({}, DEMO_SLOS),
    });
    expect(withRecent.stats.queryCount).toBe(withoutRecent.stats.queryCount);
  });
});

import { JOB, useBackfilledPrometheus } from '@perflens/test-harness';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze } from '../src/analyze';
import { runAnalyze } from '../src/cli/analyze-command';
import { CAPACITY_CASE, CHECK_CASES, type CheckCase, writeCase } from './fixtures/check-cases';
import { DEMO_SLOS, thresholds } from './fixtures/in-memory-evidence';
import { createHttpPrometheusClient } from '../src/sources/http-prometheus-client';
import { PrometheusQueryError } from '../src/sources/prometheus-client';

/**
 * Every analysis without a --testid issues this many queries, whatever the data: the layers' batched
 * evidence, the relations between routes, pools and statements, the scope's databases, hosts and RUM exporters, and the
 * served-asset summaries. A change here is a change in the engine's cost: update docs/analysis.md with it.
 */
const QUERIES_PER_ANALYSIS = 78;

/**
 * Every check against a real Prometheus: each case's OpenMetrics series are backfilled with promtool into
 * one TSDB, each case in its own 40-minute slot three hours from the next (so no series leaks into another
 * case through the 5-minute lookback), and the engine analyses the last 30 minutes of the slot.
 */
const ANCHOR_SECONDS = 1_700_006_400; // 2023-11-15T00:00:00Z, on a 2-hour block boundary
const SLOT_SECONDS = 3 * 3600;
const WINDOW_SECONDS = 2400;
const RANGE_SECONDS = 1800;
const CASES: CheckCase[] = [...CHECK_CASES, CAPACITY_CASE];

const windowOf = (index: number): [number, number] => {
  const start = ANCHOR_SECONDS + index * SLOT_SECONDS;
  return [start, start + WINDOW_SECONDS];
};

const prometheus = useBackfilledPrometheus(
  (writer) => CASES.forEach((c, index) => writeCase(writer, windowOf(index), c)),
  // promtool backfills about 250 MB of OpenMetrics here: 150 s measured on a busy two-core machine.
  { startTimeoutMs: 300_000 },
);

function analyzeCase(index: number) {
  const c = CASES[index] as CheckCase;
  return analyze({
    client: createHttpPrometheusClient({ url: prometheus().url }),
    scope: {
      job: JOB,
      endSeconds: windowOf(index)[1],
      rangeSeconds: RANGE_SECONDS,
      ...(c.testid ? { testid: c.testid } : {}),
      ...(c.baselineTestid ? { baselineTestid: c.baselineTestid } : {}),
      loadTestLookbackSeconds: 86_400,
    },
    thresholds: thresholds({}, DEMO_SLOS),
  });
}

describe('checks on backfilled fixtures in a real Prometheus', () => {
  it.each(CASES.map((c, index) => [c.check, c.kind, index] as const))(
    '%s: %s case',
    async (check, kind, index) => {
      const report = await analyzeCase(index);
      expect(report.skippedLayers).toEqual([]);
      const found = report.findings.filter((f) => f.check === check);
      if (kind === 'negative') {
        expect(found.map((f) => f.title)).toEqual([]);
      } else {
        expect(found.map((f) => f.target)).toEqual([expect.objectContaining(CASES[index]?.target)]);
      }
    },
  );

  it('charts a slow route’s evidence as one series: its slow share, the value the finding shows', async () => {
    const index = CASES.findIndex((c) => c.check === 'api.route-slower-than-slo' && c.kind === 'positive');
    const report = await analyzeCase(index);
    const slowRoute = report.findings.find((f) => f.check === 'api.route-slower-than-slo');
    const evidence = slowRoute?.evidence.find((e) => e.label.startsWith('share of requests slower than'));
    const client = createHttpPrometheusClient({ url: prometheus().url });
    const series = await client.query(evidence?.query ?? '', windowOf(index)[1]);
    expect(series.map((s) => s.labels)).toEqual([
      {
        http_request_method: slowRoute?.target.http_request_method,
        http_route: slowRoute?.target.http_route,
      },
    ]);
    expect(series[0]?.value).toBeCloseTo(evidence?.value ?? Number.NaN, 4);
  });

  it('issues the same fixed number of queries whatever the data', async () => {
    const counts = await Promise.all(
      [0, 1, 2].map(async (index) => (await analyzeCase(index)).stats.queryCount),
    );
    expect(counts).toEqual([QUERIES_PER_ANALYSIS, QUERIES_PER_ANALYSIS, QUERIES_PER_ANALYSIS]);
  });

  it('measures the capacity of the ramp: the highest rate with p95 within 250 ms', async () => {
    const report = await analyzeCase(CASES.indexOf(CAPACITY_CASE));
    const capacity = report.findings.find((f) => f.check === 'load-test.capacity');
    expect(capacity?.title).toBe(
      'k6 ramp: sustained 119 req/s with p95 ≤ 250 ms (peak 209 req/s was beyond it)',
    );
  });
});

describe('the HTTP client against the real Prometheus', () => {
  it('rejects bad PromQL with Prometheus’ own reason', async () => {
    const client = createHttpPrometheusClient({ url: prometheus().url });
    const failure = client.query('sum(rate(up[5m])', ANCHOR_SECONDS);
    await expect(failure).rejects.toBeInstanceOf(PrometheusQueryError);
    await expect(failure).rejects.toThrow(/^query failed \(bad_data\): .*unclosed left parenthesis/);
  });
});

describe('perflens analyze against the real Prometheus', () => {
  const window = (index: number) => windowOf(index).map(String) as [string, string];
  const flags = (index: number, failOn: string) => ({
    prometheus: prometheus().url,
    job: JOB,
    from: String(windowOf(index)[1] - RANGE_SECONDS),
    to: window(index)[1],
    format: 'table',
    failOn,
  });

  it.each([
    [
      'exits 1 on a critical finding with --fail-on critical',
      0,
      'critical',
      { exitCode: 1, message: '1 finding at or above critical' },
    ],
    ['exits 0 on the same data with --fail-on never', 0, 'never', { exitCode: 0 }],
    ['exits 0 on a healthy service', 1, 'warning', { exitCode: 0 }],
  ])('%s', async (_title, index, failOn, outcome) => {
    let output = '';
    expect(await runAnalyze(flags(index, failOn), (text) => (output += text))).toEqual(outcome);
    expect(output).toContain(`\n${QUERIES_PER_ANALYSIS} Prometheus queries, `);
  });

  it('--advice takes perflens advisor’s JSON: the sequential-scan finding indexes the advised column', async () => {
    const index = CASES.findIndex((c) => c.check === 'postgres.sequential-scans' && c.kind === 'positive');
    const dir = mkdtempSync(path.join(tmpdir(), 'perflens-advice-'));
    try {
      const advice = path.join(dir, 'advisor.json');
      writeFileSync(
        advice,
        JSON.stringify({
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
              statements: [],
              verified: true,
            },
          ],
        }),
      );
      const run = async (extra: { advice?: string }) => {
        let output = '';
        await runAnalyze({ ...flags(index, 'never'), format: 'json', ...extra }, (text) => (output += text));
        const report = JSON.parse(output) as {
          findings: Array<{ check: string; recommendations: Array<{ sql?: string }> }>;
        };
        return report.findings.find((f) => f.check === 'postgres.sequential-scans')?.recommendations[0]?.sql;
      };
      expect(await run({ advice })).toContain(
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);',
      );
      expect(await run({})).toContain('"orders_<column>_idx" ON public.orders ("<column>");');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BottleneckName } from '@perflens/demo';
import { describeWithK6, useService } from '@perflens/test-harness';
import { analyze } from '../../src/analyze';
import type { Finding } from '../../src/findings/finding';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import type { ResolvedThresholds } from '../../src/thresholds/resolve-thresholds';
import { demoThresholds, describeFindings } from '../e2e/analyze-phase';
import { type DemoStack, startDemoStack } from '../e2e/demo-stack';
import { driveTraffic } from '../e2e/demo-traffic';
import { E2E_THRESHOLDS } from '../e2e/e2e-thresholds';
import { DEMO_JOB, waitForScrapesAfter } from '../e2e/monitoring-stack';
import { PHASE_TRAFFIC } from '../e2e/phase';
import { runK6Load } from './k6-load-run';

/**
 * A failed load test explained by its cause, under a real k6. The demo (seed scale 1, pool of 5) runs in its
 * own process with PostgreSQL, the exporter and Prometheus (scraping every second, accepting remote write).
 * For each bottleneck, switched on alone, k6 runs the average-load bundle (of the current sources, 2 s ramp, 15 s
 * hold, 2 s ramp down: about 20 s) and remote-writes its results; the engine then analyses the run by its
 * testid, as `perflens analyze --testid` does (the run's own window). The run must fail its k6 thresholds,
 * and the chain from the top threshold breach, followed through each finding's highest-ranked cause, must
 * end at the bottleneck. About two minutes.
 */

interface Scenario {
  bottleneck: BottleneckName;
  /** LOAD_RATE of the average-load test: requests per second at the plateau. */
  loadRate: number;
  /** An endpoint mix of the routes the bottleneck slows (the default mix otherwise). */
  mix?: object;
  root: (stack: DemoStack) => { check: string; target: Record<string, string> };
  /** What the root's title must say besides (the blocking route of a saturated loop). */
  rootTitle?: RegExp;
}

/** GET /api/customers/:id/orders scans orders without its index; the summary reads the same rows. */
const CUSTOMER_ORDERS_MIX = {
  endpoints: [
    {
      route: '/api/customers/:id/orders',
      method: 'GET',
      path: '/api/customers/{id}/orders',
      pathValues: { id: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] },
      weight: 3,
    },
    { route: '/api/products', method: 'GET', path: '/api/products?page=1', weight: 1 },
  ],
};

const ROWS: Array<[string, Scenario]> = [
  [
    'a CPU-bound handler (200 ms of synchronous work per call): the demo’s event loop, saturated',
    {
      bottleneck: 'cpu-bound',
      // The summary is 1 request in 20 of the mix. At 40 req/s its 200 ms blocks held the loop 40% of the
      // time, which put k6's p95 right at the SLO: a quiet moment once let the run pass. At 80 req/s the
      // loop is busy 80% of the time and requests queue behind the blocks.
      loadRate: 80,
      root: (stack) => ({
        check: 'runtime.event-loop-saturation',
        target: { instance: `127.0.0.1:${stack.demo.port}` },
      }),
      rootTitle:
        /; GET \/api\/customers\/:id\/summary blocks the event loop for \d+ ms per call, [\d.]+% of its utilisation$/,
    },
  ],
  [
    'connections held for 300 ms of other work: the pool, exhausted (not a statement)',
    {
      bottleneck: 'pool-exhaustion',
      // At 60 req/s a run once failed k6's p99 over all requests by a hair (1.3% slow) while each request
      // name's own p99, interpolated over fewer samples, stayed within it: the breach must be plain.
      loadRate: 90,
      root: () => ({
        check: 'db-client.pool-saturation',
        target: { db_client_connection_pool_name: 'default' },
      }),
    },
  ],
  [
    'a missing index: the sequential scans of orders, below the statement that reads them',
    {
      bottleneck: 'missing-index',
      // The scans must queue, or a quiet machine keeps the p99 within the SLO and k6 passes (it did at 80 and
      // at 120 req/s: p99 204 ms). This machine answers about 140 req/s of this mix with the index dropped, so
      // 270 is about twice that: k6 drops the arrivals it has no VU for, and the p99 was 4.5–4.8 s.
      loadRate: 270,
      mix: CUSTOMER_ORDERS_MIX,
      root: () => ({
        check: 'postgres.sequential-scans',
        target: { datname: 'shop', schemaname: 'public', relname: 'orders' },
      }),
    },
  ],
];

/**
 * From the top-ranked threshold breach, the chain a reader follows: each finding's highest-ranked cause
 * (the report is ordered by impact), down to a finding with no cause.
 */
function causeChain(report: AnalysisReport): Finding[] {
  const rank = new Map(report.findings.map((f, index) => [f.id, index]));
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const chain: Finding[] = [];
  let current = report.findings.find((f) => f.check === 'load-test.threshold-breaches');
  while (current && !chain.includes(current)) {
    chain.push(current);
    const [next] = [...current.causedBy].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    current = next === undefined ? undefined : byId.get(next);
  }
  return chain;
}

const describeChain = (chain: readonly Finding[]) =>
  chain.map((f) => `${f.check} ${JSON.stringify(f.target)}`).join('\n  ← ');

describeWithK6('a failed load test is explained by its cause, under a real k6', (k6) => {
  const stack = useService('demo stack', () => startDemoStack({ scale: 1, poolMax: 5, remoteWrite: true }));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-load-test-causes-'));
  let thresholds: ResolvedThresholds;

  beforeAll(async () => {
    thresholds = await demoThresholds(E2E_THRESHOLDS);
    // Warm-up, not analysed: connections, compiled code and PostgreSQL's caches.
    await driveTraffic(stack().demo.url, stack().sizes, { ...PHASE_TRAFFIC, durationSeconds: 4 });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(ROWS)(
    '%s',
    async (_sentence, scenario) => {
      const testid = `load-test-causes-${scenario.bottleneck}`;
      const variables: Record<string, string> = {
        LOAD_RATE: String(scenario.loadRate),
        RAMP_DURATION: '2s',
        HOLD_DURATION: '15s',
      };
      if (scenario.mix) {
        variables.ENDPOINT_MIX = path.join(dir, `${scenario.bottleneck}-mix.json`);
        writeFileSync(variables.ENDPOINT_MIX, JSON.stringify(scenario.mix));
      }
      const prometheus = stack().monitoring.prometheus;
      const run = await stack().withBottleneck(scenario.bottleneck, () =>
        runK6Load(k6, 'average-load', {
          baseUrl: stack().demo.url,
          prometheusUrl: prometheus.url,
          testid,
          variables,
        }),
      );
      // 99: the run failed its thresholds, the case to explain.
      expect({ exitCode: run.result.exitCode, stderr: run.result.stderr.slice(-2000) }).toMatchObject({
        exitCode: 99,
      });
      await waitForScrapesAfter(prometheus, run.endedSeconds);
      const report = await analyze({
        client: createHttpPrometheusClient({ url: prometheus.url }),
        scope: { job: DEMO_JOB, endSeconds: Date.now() / 1000, rangeSeconds: 900, testid },
        rangeFromTest: true,
        thresholds,
      });
      const chain = causeChain(report);
      const root = chain.at(-1);
      try {
        expect(report.scope.rangeSeconds).toBeLessThan(run.endedSeconds - run.startedSeconds);
        expect(chain[0]?.check).toBe('load-test.threshold-breaches');
        expect(root && { check: root.check, target: root.target }).toEqual(scenario.root(stack()));
        if (scenario.rootTitle) expect(root?.title).toMatch(scenario.rootTitle);
      } catch (error) {
        if (error instanceof Error)
          error.message += `\n\nChain:\n  ${describeChain(chain)}\n\nAll findings, ranked:\n${describeFindings(report.findings)}`;
        throw error;
      }
    },
    120_000,
  );
});

// `npm run bench:analysis`: queries issued and wall time of a full analysis of services with 10, 100 and
// 1,000 routes, against a real Prometheus serving backfilled fixtures; side by side with the per-route
// approach (the API queries issued once per route, as a naive dashboard-style tool would). Last line: JSON.
import os from 'node:os';
import { selector } from '@perflens/conventions';
import { analyze } from '../src/analyze';
import {
  backfillTsdb,
  healthyProfile,
  JOB,
  OpenMetricsWriter,
  route,
  startBackfilledPrometheus,
  writeServiceProfile,
} from '@perflens/test-harness';
import { DEMO_SLOS, thresholds } from '../test/fixtures/in-memory-evidence';
import { apiQueries } from '../src/sources/api-evidence';
import { createHttpPrometheusClient } from '../src/sources/http-prometheus-client';
import type { PrometheusClient } from '../src/sources/prometheus-client';
import { QueryAccounting } from '../src/sources/query-accounting';
import { limitConcurrency } from '../src/sources/query-batch';

const ROUTE_COUNTS = [10, 100, 1000];
const ROUNDS = 3;
const ANCHOR_SECONDS = 1_700_006_400;
const SLOT_SECONDS = 3 * 3600;
const WINDOW_SECONDS = 1800;
const RANGE_SECONDS = 900;
// One sample a minute keeps the 1,000-route fixture (26,000 series) small enough to backfill in seconds.
const STEP_SECONDS = 60;

const windowOf = (slot: number): [number, number] => {
  const start = ANCHOR_SECONDS + slot * SLOT_SECONDS;
  return [start, start + WINDOW_SECONDS];
};

function writeFixtures(): string {
  const writer = new OpenMetricsWriter(STEP_SECONDS);
  ROUTE_COUNTS.forEach((count, slot) => {
    const profile = healthyProfile();
    // Every tenth route is slow and every seventh database-heavy, so the checks have work to do.
    profile.routes = Array.from({ length: count }, (_, i) =>
      route({
        route: `/api/r${i}/:id`,
        requestsPerSecond: 1 + (i % 13),
        slowShare: i % 10 === 0 ? 0.2 : 0,
        dbQueriesPerRequest: i % 7 === 0 ? 25 : 2,
      }),
    );
    writeServiceProfile(writer, windowOf(slot), profile);
  });
  return writer.render();
}

/** The per-route alternative: every API query once per route, filtered to it. */
async function perRouteAnalysis(
  client: PrometheusClient,
  routes: string[],
  endSeconds: number,
): Promise<void> {
  const scope = { job: JOB, endSeconds, rangeSeconds: RANGE_SECONDS };
  const queries = Object.values(apiQueries(scope, [0.25, 0.5]));
  const jobMatcher = selector('', { job: JOB }).slice(1, -1);
  await Promise.all(
    routes.flatMap((r) =>
      queries.map((q) =>
        client.query(q.split(jobMatcher).join(`${jobMatcher},http_route="${r}"`), endSeconds),
      ),
    ),
  );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ms = (seconds: number) => Math.round(seconds * 10_000) / 10;

async function main(): Promise<void> {
  const started = Date.now();
  const backfill = backfillTsdb(writeFixtures());
  const backfillSeconds = (Date.now() - started) / 1000;
  const prometheus = await startBackfilledPrometheus(backfill.blocksDir);
  const results = [];
  try {
    const http = createHttpPrometheusClient({ url: prometheus.url });
    for (const [slot, routes] of ROUTE_COUNTS.entries()) {
      const endSeconds = windowOf(slot)[1];
      const engine: { wall: number[]; queries: number; findings: number } = {
        wall: [],
        queries: 0,
        findings: 0,
      };
      const perRoute: { wall: number[]; queries: number } = { wall: [], queries: 0 };
      // Interleaved rounds, so both variants see the same cache state and machine load.
      for (let round = 0; round < ROUNDS; round += 1) {
        const report = await analyze({
          client: http,
          scope: { job: JOB, endSeconds, rangeSeconds: RANGE_SECONDS },
          thresholds: thresholds({}, DEMO_SLOS),
        });
        engine.wall.push(report.stats.wallSeconds);
        engine.queries = report.stats.queryCount;
        engine.findings = report.findings.length;
        const accounting = new QueryAccounting(http);
        const t0 = performance.now();
        await perRouteAnalysis(
          limitConcurrency(accounting),
          Array.from({ length: routes }, (_, i) => `/api/r${i}/:id`),
          endSeconds,
        );
        perRoute.wall.push((performance.now() - t0) / 1000);
        perRoute.queries = accounting.stats().queryCount;
      }
      results.push({
        routes,
        engineQueries: engine.queries,
        engineWallMs: ms(median(engine.wall)),
        findings: engine.findings,
        perRouteApiQueries: perRoute.queries,
        perRouteApiWallMs: ms(median(perRoute.wall)),
      });
    }
  } finally {
    await prometheus.stop();
    backfill.remove();
  }
  console.log(
    `Analysis engine: ${ROUNDS} interleaved rounds, median; ${os.cpus().length} CPUs, Node ${process.version}, Prometheus 2.42`,
  );
  console.log(
    '| routes | engine queries | engine wall time | findings | per-route API queries | per-route API wall time |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.routes} | ${r.engineQueries} | ${r.engineWallMs} ms | ${r.findings} | ${r.perRouteApiQueries} | ${r.perRouteApiWallMs} ms |`,
    );
  }
  console.log(
    JSON.stringify({
      benchmark: 'analysis',
      rounds: ROUNDS,
      cpus: os.cpus().length,
      backfillSeconds,
      results,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

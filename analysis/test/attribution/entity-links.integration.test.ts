import { Client } from 'pg';
import { isPerflensQueryText } from '@perflens/conventions';
import { seedSizes } from '@perflens/bookings';
import { useService, useSharedPostgres } from '@perflens/test-harness';
import { analyze } from '../../src/analyze';
import type { Finding } from '../../src/findings/finding';
import type { AnalysisReport } from '../../src/report/analysis-report';
import { createHttpPrometheusClient } from '../../src/sources/http-prometheus-client';
import { readRelationsEvidence, type RelationsEvidence } from '../../src/sources/relations-evidence';
import { resolveThresholds } from '../../src/thresholds/resolve-thresholds';
import { describeFindings } from '../e2e/analyze-phase';
import {
  BOOKINGS_JOB,
  type BookingsStack,
  driveRoute,
  startBookingsStack,
  waitForScrapesAfter,
} from './bookings-stack';

/**
 * Attribution on real metrics: the bookings service (two pools) with its guests' bookings index dropped and
 * its reports slowed, the exporter's PostgreSQL collector and Prometheus. Two routes run at once, each on its
 * own pool with its own statements: GET /api/guests/:id/bookings (`main`; one statement, now a sequential
 * scan) and GET /api/reports/venues/:id/occupancy (`reports`, 2 connections; two 250 ms statements in
 * parallel, more than the pool serves). The reporting statements hold most of the database's time, so the
 * older rules linked the guests' route to them; here every link must follow the route, pool and statement
 * that the metrics say the two findings share. Seed scale 0.25 (100,000 bookings); about 40 s in all.
 */

const SCALE = 0.25;
const TRAFFIC_SECONDS = 12;
/** The first seconds are left out of the window: connections open and caches warm. */
const SETTLE_SECONDS = 2;
const GUESTS = { method: 'GET', route: '/api/guests/:id/bookings' };
const REPORTS = { method: 'GET', route: '/api/reports/venues/:id/occupancy' };
/** pg_stat_statements' text of the guest-bookings statement (bookings/src/database/statements.ts). */
const GUEST_BOOKINGS_TEXT = 'SELECT id, room_id, starts_on, nights, status FROM bookings WHERE guest_id = $1';

const onRoute = (f: Finding, r: { method: string; route: string }) =>
  f.layer === 'api' && f.target.http_request_method === r.method && f.target.http_route === r.route;
const statementIn = (f: Finding, queryids: readonly string[]) =>
  (f.check === 'postgres.top-time-statements' || f.check === 'postgres.slow-statements') &&
  queryids.includes(f.target.queryid ?? '');
const poolFinding = (f: Finding, pool: string) =>
  f.check === 'db-client.pool-saturation' && f.target.db_client_connection_pool_name === pool;

describe('entity-matched attribution on the bookings service (real Prometheus)', () => {
  const database = useSharedPostgres();
  const stack = useService<BookingsStack>('bookings stack', () =>
    startBookingsStack({
      databaseUrl: database().connectionString,
      scale: SCALE,
      bottlenecks: ['missing-index', 'slow-reports'],
      reportsPoolMax: 2,
    }),
  );
  let report: AnalysisReport;
  let relations: RelationsEvidence;
  let guestQueryid: string;
  let reportQueryids: string[];
  const causesOf = (finding: Finding) =>
    finding.causedBy.map((id) => report.findings.find((f) => f.id === id) as Finding);
  const failureContext = () => `\n\nAll findings, ranked:\n${describeFindings(report.findings)}`;

  beforeAll(async () => {
    const { service, prometheus } = stack();
    const sizes = seedSizes(SCALE);
    let n = 0;
    const startSeconds = Date.now() / 1000;
    const [guests, reports] = await Promise.all([
      driveRoute(service.url, () => `/api/guests/${1 + ((n++ * 7919) % sizes.guests)}/bookings`, {
        ratePerSecond: 20,
        durationSeconds: TRAFFIC_SECONDS,
        maxInFlight: 8,
      }),
      driveRoute(service.url, () => `/api/reports/venues/${1 + (n++ % sizes.venues)}/occupancy`, {
        ratePerSecond: 6,
        durationSeconds: TRAFFIC_SECONDS,
        maxInFlight: 12,
      }),
    ]);
    const endSeconds = Date.now() / 1000;
    expect({ guestsFailed: guests.failed, reportsFailed: reports.failed }).toEqual({
      guestsFailed: 0,
      reportsFailed: 0,
    });
    await waitForScrapesAfter(prometheus, endSeconds);
    const client = createHttpPrometheusClient({ url: prometheus.url });
    const scope = {
      job: BOOKINGS_JOB,
      endSeconds: Math.floor(endSeconds),
      rangeSeconds: Math.floor(endSeconds) - Math.ceil(startSeconds + SETTLE_SECONDS),
    };
    const thresholds = resolveThresholds({
      job: BOOKINGS_JOB,
      // A window of 10 s gives each statement tens of calls, not PgHero's 100; the sequential scan of 100,000
      // rows takes a few ms, under the production 20 ms a statement must average to count as slow.
      config: { postgres: { slowStatementMinCalls: 20, slowStatementMeanSeconds: 0.002 } },
      configFile: 'attribution test',
    });
    [report, relations] = await Promise.all([
      analyze({ client, scope, thresholds }),
      readRelationsEvidence(client, scope),
    ]);
    // The ground truth, from PostgreSQL itself: which pg_stat_statements entries are whose.
    const sql = new Client({ connectionString: database().connectionString });
    await sql.connect();
    try {
      const { rows } = await sql.query<{ queryid: string; query: string }>(
        `SELECT queryid::text AS queryid, query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      guestQueryid = rows.find((r) => r.query.startsWith(GUEST_BOOKINGS_TEXT))?.queryid ?? '';
      // The advisor's PREPAREs of the reports are entries of their own (conventions/query-marker.ts).
      reportQueryids = rows
        .filter((r) => r.query.includes('pg_sleep(') && !isPerflensQueryText(r.query))
        .map((r) => r.queryid);
    } finally {
      await sql.end();
    }
  }, 120_000);

  it('reads which statements and pools each route uses, joined to pg_stat_statements by text', () => {
    expect(guestQueryid).toMatch(/^-?\d+$/);
    expect(reportQueryids).toHaveLength(2);
    const usesOf = (r: { method: string; route: string }) =>
      relations.statements.filter((u) => u.method === r.method && u.route === r.route);
    expect(usesOf(GUESTS).map((u) => [u.pool, u.pgStatements.map((s) => s.queryid)])).toEqual([
      ['main', [guestQueryid]],
    ]);
    expect(
      usesOf(REPORTS)
        .map((u) => [u.pool, u.pgStatements.map((s) => s.queryid)])
        .sort(),
    ).toEqual(reportQueryids.map((q) => ['reports', [q]]).sort());
    const shares = usesOf(REPORTS).reduce((sum, u) => sum + u.shareOfRouteDbTime, 0);
    expect(shares).toBeCloseTo(1, 6);
  });

  it('links the guests’ route to its own statement, never to the reporting statements or pool', () => {
    const route = report.findings.find((f) => f.check === 'api.database-bound-route' && onRoute(f, GUESTS));
    expect(route ? 'found' : `no database-bound finding on ${GUESTS.route}${failureContext()}`).toBe('found');
    const causes = causesOf(route as Finding);
    expect(causes.filter((c) => statementIn(c, [guestQueryid])).length).toBeGreaterThan(0);
    // Everything the route's chain reaches, transitively: nothing of the reports' pool or statements.
    const reached = new Set<Finding>();
    const queue = [...causes];
    while (queue.length > 0) {
      const next = queue.shift() as Finding;
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(...causesOf(next));
    }
    const wrong = [...reached].filter((c) => statementIn(c, reportQueryids) || poolFinding(c, 'reports'));
    expect(wrong.map((c) => c.id)).toEqual([]);
  });

  it('links the reports’ route to its own pool, and that pool to the reporting statements only', () => {
    const pool = report.findings.find((f) => poolFinding(f, 'reports'));
    expect(pool ? 'found' : `no saturation of the reports pool${failureContext()}`).toBe('found');
    const routeFindings = report.findings.filter((f) => onRoute(f, REPORTS));
    const routeCauses = routeFindings.flatMap(causesOf);
    expect(routeCauses.some((c) => poolFinding(c, 'reports'))).toBe(true);
    expect(routeCauses.filter((c) => poolFinding(c, 'main') || statementIn(c, [guestQueryid]))).toEqual([]);
    const poolCauses = causesOf(pool as Finding);
    expect(poolCauses.filter((c) => statementIn(c, reportQueryids)).length).toBeGreaterThan(0);
    expect(poolCauses.filter((c) => !statementIn(c, reportQueryids)).map((c) => c.id)).toEqual([]);
  });

  it('reads empty relations, not an error, for a job that exports none of the metrics', async () => {
    const client = createHttpPrometheusClient({ url: stack().prometheus.url });
    const none = await readRelationsEvidence(client, {
      job: 'no-such-job',
      endSeconds: Math.floor(Date.now() / 1000),
      rangeSeconds: 60,
    });
    expect(none).toMatchObject({ statements: [], pools: [], dbErrorsPerSecond: {} });
  });
});

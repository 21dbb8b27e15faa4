import { Client } from 'pg';
import { ROUTE_DB_QUERIES, ROUTE_STATEMENT_CALLS } from '@perflens/conventions';
import { useService, useSharedPostgres } from '@perflens/test-harness';
import {
  bookingsOptionsFromEnv,
  BOTTLENECK_NAMES,
  type BottleneckName,
  driveTraffic,
  GUEST_BOOKINGS_INDEX,
  parseBookingsOptions,
  seedDatabase,
  seedSizes,
  startBookingsService,
} from '../src';
import { scrape, sumSamples } from './metric-samples';
import { Pool } from 'pg';

const ADMIN_TOKEN = 'bookings-admin-token-for-tests';
const SCALE = 0.02;

/**
 * The bookings service on a real PostgreSQL (seed scale 0.02: 4 venues, 80 rooms, 800 guests, 4,800
 * bookings): the seed, the admin API, and each switch doing what docs/bookings-spec.md says, observed
 * from outside (metrics, pg_stat_statements, plans, status codes). The blocking login and the lock are in
 * bookings-contention.integration.test.ts.
 */
describe('bookings service on a real PostgreSQL', () => {
  const database = useSharedPostgres();
  let sql: Client;
  const service = useService('bookings', () =>
    startBookingsService({ databaseUrl: database().connectionString, adminToken: ADMIN_TOKEN, scale: SCALE }),
  );
  beforeAll(async () => {
    sql = new Client({ connectionString: database().connectionString });
    await sql.connect();
  });
  afterAll(() => sql.end());

  const setSwitch = async (name: BottleneckName, enabled: boolean, token = ADMIN_TOKEN) =>
    fetch(`${service().url}/admin/bottlenecks/${name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled }),
    });
  const withSwitch = async <T>(name: BottleneckName, work: () => Promise<T>): Promise<T> => {
    expect((await setSwitch(name, true)).status).toBe(200);
    try {
      return await work();
    } finally {
      await setSwitch(name, false);
    }
  };
  const get = async (path: string) => {
    const response = await fetch(`${service().url}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('seeds the five tables at the spec’s sizes, one booking in five unpaid, and skips a second seed', async () => {
    const { rows } = await sql.query(
      `SELECT (SELECT count(*) FROM venues)::int AS venues, (SELECT count(*) FROM rooms)::int AS rooms,
              (SELECT count(*) FROM guests)::int AS guests, (SELECT count(*) FROM bookings WHERE id <= 4800)::int AS bookings,
              (SELECT count(*) FROM payments WHERE booking_id <= 4800)::int AS payments`,
    );
    expect(rows[0]).toEqual({ venues: 4, rooms: 80, guests: 800, bookings: 4800, payments: 3840 });
    expect(seedSizes(1)).toEqual({ venues: 200, rooms: 4000, guests: 40_000, bookings: 240_000 });
    const pool = new Pool({ connectionString: database().connectionString, max: 1 });
    try {
      expect(await seedDatabase(pool, SCALE)).toEqual({ seeded: false, sizes: seedSizes(SCALE) });
    } finally {
      await pool.end();
    }
  });

  it('guards the switches with the admin token and lists all six, off at start', async () => {
    expect((await setSwitch('type-error', true, 'wrong-token-0123456789')).status).toBe(401);
    const listing = await fetch(`${service().url}/admin/bottlenecks`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(
      ((await listing.json()) as Array<{ name: string; enabled: boolean }>).map((b) => [b.name, b.enabled]),
    ).toEqual(BOTTLENECK_NAMES.map((name) => [name, false]));
    const unknown = await fetch(`${service().url}/admin/bottlenecks/slow-disk`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{"enabled":true}',
    });
    expect(unknown.status).toBe(404);
  });

  it('missing-index drops the guest index, so the guest-bookings statement scans the table; off restores it', async () => {
    const plan = async () => {
      const { rows } = await sql.query(
        'EXPLAIN SELECT id, room_id, starts_on, nights, status FROM bookings WHERE guest_id = 7 ORDER BY starts_on DESC LIMIT 20',
      );
      return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    };
    const indexExists = async () =>
      (await sql.query('SELECT 1 FROM pg_indexes WHERE indexname = $1', [GUEST_BOOKINGS_INDEX])).rowCount ===
      1;
    expect(await indexExists()).toBe(true);
    expect(await plan()).toContain(GUEST_BOOKINGS_INDEX);
    await withSwitch('missing-index', async () => {
      expect(await indexExists()).toBe(false);
      expect(await plan()).toContain('Seq Scan on bookings');
      expect((await get('/api/guests/7/bookings')).status).toBe(200);
    });
    expect(await indexExists()).toBe(true);
  });

  it('n-plus-one turns one schedule query into 21 (one per room), with the same answer', async () => {
    const route = { http_request_method: 'GET', http_route: '/api/venues/:id/schedule' };
    const queries = async () => sumSamples(await scrape(service().url), ROUTE_DB_QUERIES, route);
    const before = await queries();
    const joined = await get('/api/venues/2/schedule?from=2025-01-01');
    const afterJoined = await queries();
    const lazy = await withSwitch('n-plus-one', () => get('/api/venues/2/schedule?from=2025-01-01'));
    expect([afterJoined - before, (await queries()) - afterJoined]).toEqual([1, 21]);
    expect(lazy).toEqual(joined);
    expect((joined.body.rooms as unknown[]).length).toBe(20);
  });

  it('slow-reports runs both reporting statements with a 250 ms sleep, on the reports pool', async () => {
    const sleeps = async () =>
      Number(
        (
          await sql.query(
            // pg_stat_statements is server-wide: other test files run reports in their databases at the same time.
            `SELECT coalesce(sum(calls), 0) AS n FROM pg_stat_statements
             WHERE query LIKE '%pg_sleep(%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )
        ).rows[0].n,
      );
    const route = {
      http_route: '/api/reports/venues/:id/occupancy',
      db_client_connection_pool_name: 'reports',
    };
    const calls = async () => sumSamples(await scrape(service().url), ROUTE_STATEMENT_CALLS, route);
    const [sleepsBefore, callsBefore] = [await sleeps(), await calls()];
    const fast = await get('/api/reports/venues/1/occupancy');
    const sleepsAfterFast = await sleeps();
    const slow = await withSwitch('slow-reports', () => get('/api/reports/venues/1/occupancy'));
    expect([sleepsAfterFast - sleepsBefore, (await sleeps()) - sleepsAfterFast]).toEqual([0, 2]);
    expect((await calls()) - callsBefore).toBe(4);
    expect(slow).toEqual(fast);
  });

  it('type-error answers 500 for exactly the unpaid bookings (ids that are multiples of 5), 200 for the rest', async () => {
    const statuses = async () => {
      const counts: Record<number, number> = {};
      for (let id = 1; id <= 50; id++) {
        const { status } = await get(`/api/bookings/${id}`);
        counts[status] = (counts[status] ?? 0) + 1;
      }
      return counts;
    };
    expect(await statuses()).toEqual({ 200: 50 });
    expect((await get('/api/bookings/5')).body.payment).toBeNull();
    expect(await withSwitch('type-error', statuses)).toEqual({ 200: 40, 500: 10 });
  });

  it('drives the spec’s mix: every route answered, no 5xx while every switch is off', async () => {
    const traffic = await driveTraffic({
      baseUrl: service().url,
      sizes: seedSizes(SCALE),
      durationSeconds: 3,
    });
    expect(Object.keys(traffic.byRoute).sort()).toEqual([
      'GET /api/bookings/:id',
      'GET /api/guests/:id/bookings',
      'GET /api/reports/venues/:id/occupancy',
      'GET /api/venues/:id/rooms',
      'GET /api/venues/:id/schedule',
      'POST /api/bookings',
      'POST /auth/login',
    ]);
    const answers = Object.entries(traffic.byRoute).flatMap(([route, r]) =>
      Object.keys(r.statuses).map((status) => `${route} ${status}`),
    );
    expect(answers.filter((a) => !/ (200|201|409)$/.test(a))).toEqual([]);
    // The arrivals come from a seeded generator: the same count on every run, whether sent or dropped.
    expect(traffic.sent + traffic.dropped).toBe(86);
  });
});

describe('bookings options', () => {
  it.each([
    [
      { databaseUrl: 'postgres://x', adminToken: 'short' },
      '  - adminToken: must have at least 16 characters',
    ],
    [
      { databaseUrl: 'postgres://x', adminToken: ADMIN_TOKEN, bottlenecks: ['slow-disk'] },
      '  - bottlenecks.0: ',
    ],
    [{ databaseUrl: 'postgres://x', adminToken: ADMIN_TOKEN, pool: 3 }, '  - (options): '],
  ])('%j is refused, naming the option', (options, line) => {
    expect(() => parseBookingsOptions(options)).toThrow(line);
  });

  it('reads DATABASE_URL, BOOKINGS_ADMIN_TOKEN, PORT, BOOKINGS_SCALE and BOOKINGS_BOTTLENECKS', () => {
    expect(
      bookingsOptionsFromEnv({
        DATABASE_URL: 'postgres://db/bookings',
        BOOKINGS_ADMIN_TOKEN: ADMIN_TOKEN,
        PORT: '8080',
        BOOKINGS_SCALE: '0.5',
        BOOKINGS_BOTTLENECKS: 'missing-index, type-error',
      }),
    ).toMatchObject({
      port: 8080,
      scale: 0.5,
      bottlenecks: ['missing-index', 'type-error'],
      reportsPoolMax: 3,
    });
  });
});

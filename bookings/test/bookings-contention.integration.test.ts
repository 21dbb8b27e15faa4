import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { useService, useSharedPostgres } from '@perflens/test-harness';
import { type BottleneckName, SEED_PASSWORD, STATEMENTS, startBookingsService } from '../src';

const ADMIN_TOKEN = 'bookings-admin-token-for-tests';

interface ActivitySample {
  state: string;
  waitEventType: string | null;
  query: string;
}

/**
 * The two bottlenecks that only show while requests overlap, on a real PostgreSQL: the login that blocks
 * the event loop (the service runs in this process, so this process's event-loop utilization is the
 * service's), and the row lock held across the payment call (seen in pg_stat_activity).
 */
describe('bookings contention: the blocking login and the lock held across the payment call', () => {
  const database = useSharedPostgres();
  let sql: Client;
  const service = useService('bookings', () =>
    startBookingsService({ databaseUrl: database().connectionString, adminToken: ADMIN_TOKEN, scale: 0.02 }),
  );
  beforeAll(async () => {
    sql = new Client({ connectionString: database().connectionString });
    await sql.connect();
  });
  afterAll(() => sql.end());

  const withSwitch = async <T>(name: BottleneckName, on: boolean, work: () => Promise<T>): Promise<T> => {
    const set = (enabled: boolean) =>
      fetch(`${service().url}/admin/bottlenecks/${name}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
    expect((await set(on)).status).toBe(200);
    try {
      return await work();
    } finally {
      await set(false);
    }
  };
  const post = async (path: string, body: unknown) =>
    (
      await fetch(`${service().url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).status;

  it.each([
    ['pbkdf2Sync keeps the event loop busy for the hash of every login', true],
    ['async pbkdf2 leaves the event loop free while libuv’s pool hashes', false],
  ])('blocking-login %s: event-loop busy share over three logins', async (_name, blocking) => {
    // A share of the logins' own wall time, not a comparison with a calibration hash: on a busy machine both
    // the hash and the logins slow down, but not by the same factor from one moment to the next.
    const busyShare = await withSwitch('blocking-login', blocking, async () => {
      const before = performance.eventLoopUtilization();
      const started = performance.now();
      for (let guest = 1; guest <= 3; guest++) {
        expect(
          await post('/auth/login', { email: `guest${guest}@example.test`, password: SEED_PASSWORD }),
        ).toBe(200);
      }
      return performance.eventLoopUtilization(before).active / (performance.now() - started);
    });
    // Blocking: the hash runs on the loop, nearly all of each login (0.999 here, with or without three busy
    // processes beside it). Async: the loop only parses, queries and answers while the pool hashes (0.04-0.06).
    if (blocking) expect(busyShare).toBeGreaterThan(0.7);
    else expect(busyShare).toBeLessThan(0.4);
  });

  it('a wrong password is refused with 401 either way', async () => {
    const body = { email: 'guest1@example.test', password: 'not-the-password' };
    expect(await post('/auth/login', body)).toBe(401);
    expect(await withSwitch('blocking-login', true, () => post('/auth/login', body))).toBe(401);
  });

  /** pg_stat_activity of the service's sessions every 10 ms until `work` settles. */
  const sampleDuring = async <T>(work: Promise<T>): Promise<{ result: T; samples: ActivitySample[] }> => {
    const samples: ActivitySample[] = [];
    let done = false;
    const result = work.finally(() => {
      done = true;
    });
    while (!done) {
      const { rows } = await sql.query<ActivitySample>(
        `SELECT state, wait_event_type AS "waitEventType", query FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      samples.push(...rows);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { result: await result, samples };
  };
  /** Two bookings of one room, the second 200 ms after the first: within the first's payment call. */
  const twoBookings = async (roomId: number) => {
    const first = post('/api/bookings', { roomId, guestId: 1, startsOn: '2030-01-01', nights: 2 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = post('/api/bookings', { roomId, guestId: 2, startsOn: '2030-03-01', nights: 2 });
    return Promise.all([first, second]);
  };
  const lockRoom = STATEMENTS['lock-room'];

  it('lock-contention holds the room lock across the payment call: the second booking waits on it', async () => {
    const { result, samples } = await withSwitch('lock-contention', true, () => sampleDuring(twoBookings(3)));
    expect(result).toEqual([201, 201]);
    expect(samples.some((s) => s.state === 'idle in transaction' && s.query === lockRoom)).toBe(true);
    expect(samples.some((s) => s.waitEventType === 'Lock' && s.query === lockRoom)).toBe(true);
  });

  it('with lock-contention off the same two bookings never wait on a lock (the charge comes first)', async () => {
    const { result, samples } = await sampleDuring(twoBookings(4));
    expect(result).toEqual([201, 201]);
    expect(samples.filter((s) => s.waitEventType === 'Lock')).toEqual([]);
  });
});

import { SEED_PASSWORD } from '../database/seed-database';
import type { SeedSizes } from '../database/seed-sizes';

/** One request to send. */
export interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** A route of the mix (method and template, as the metrics name it) with its requests per second. */
export interface MixEntry {
  route: string;
  ratePerSecond: number;
  build(random: () => number, sizes: SeedSizes): PlannedRequest;
}

/** Rooms the booking traffic goes to: a flash sale, so bookings of one room meet on its row lock. */
export const POPULAR_ROOMS = [1, 2] as const;

const pick = (random: () => number, max: number) => 1 + Math.floor(random() * max);
/** A stay from February 2027 on, in the ten years after: far from the seeded bookings. */
const futureDay = (random: () => number) =>
  new Date(Date.UTC(2027, 1, 1) + Math.floor(random() * 3650) * 86_400_000).toISOString().slice(0, 10);

/** The spec's mix (docs/bookings-spec.md, "Traffic generator"): 30 requests/s in all. */
export const REQUEST_MIX: readonly MixEntry[] = [
  {
    route: 'GET /api/venues/:id/rooms',
    ratePerSecond: 5,
    build: (r, s) => ({ method: 'GET', path: `/api/venues/${pick(r, s.venues)}/rooms` }),
  },
  {
    route: 'GET /api/guests/:id/bookings',
    ratePerSecond: 6,
    build: (r, s) => ({ method: 'GET', path: `/api/guests/${pick(r, s.guests)}/bookings` }),
  },
  {
    route: 'GET /api/venues/:id/schedule',
    ratePerSecond: 4,
    build: (r, s) => ({ method: 'GET', path: `/api/venues/${pick(r, s.venues)}/schedule` }),
  },
  {
    route: 'POST /auth/login',
    // Each costs about 150 ms of CPU, on the thread pool or (blocking-login) on the event loop.
    ratePerSecond: 2,
    build: (r, s) => ({
      method: 'POST',
      path: '/auth/login',
      body: { email: `guest${pick(r, s.guests)}@example.test`, password: SEED_PASSWORD },
    }),
  },
  {
    route: 'POST /api/bookings',
    ratePerSecond: 3,
    build: (r, s) => ({
      method: 'POST',
      path: '/api/bookings',
      body: {
        roomId: POPULAR_ROOMS[Math.floor(r() * POPULAR_ROOMS.length)],
        guestId: pick(r, s.guests),
        startsOn: futureDay(r),
        nights: pick(r, 3),
      },
    }),
  },
  {
    route: 'GET /api/reports/venues/:id/occupancy',
    ratePerSecond: 5,
    build: (r, s) => ({ method: 'GET', path: `/api/reports/venues/${pick(r, s.venues)}/occupancy` }),
  },
  {
    route: 'GET /api/bookings/:id',
    ratePerSecond: 5,
    build: (r, s) => ({ method: 'GET', path: `/api/bookings/${pick(r, s.bookings)}` }),
  },
];

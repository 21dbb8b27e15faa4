/** The six switchable bottlenecks, in the order docs/bookings-spec.md and the admin API list them. */
export const BOTTLENECK_NAMES = [
  'missing-index',
  'n-plus-one',
  'blocking-login',
  'lock-contention',
  'slow-reports',
  'type-error',
] as const;

export type BottleneckName = (typeof BOTTLENECK_NAMES)[number];

/** What each switch changes and where it shows (the admin API returns these). */
export const BOTTLENECK_DESCRIPTIONS: Record<BottleneckName, string> = {
  'missing-index':
    'drops bookings_guest_id_idx: GET /api/guests/:id/bookings scans the bookings table sequentially',
  'n-plus-one':
    'GET /api/venues/:id/schedule loads the bookings of each of its 20 rooms with one query per room',
  'blocking-login':
    'POST /auth/login verifies the password with pbkdf2Sync (210,000 iterations of SHA-512) on the event loop',
  'lock-contention':
    'POST /api/bookings holds the room row lock (SELECT … FOR UPDATE) across the 400 ms payment call',
  'slow-reports':
    'GET /api/reports/venues/:id/occupancy runs two 250 ms statements on the 3-connection reports pool',
  'type-error':
    'GET /api/bookings/:id reads payment.currency of unpaid bookings (one in five): a TypeError, answered 500',
};

export function isBottleneckName(value: string): value is BottleneckName {
  return (BOTTLENECK_NAMES as readonly string[]).includes(value);
}

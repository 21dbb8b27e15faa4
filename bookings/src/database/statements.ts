/**
 * Every statement the service runs on a request path, by name. The names are what docs/bookings-spec.md
 * and the scoring test (analysis/test/bookings/) use to tell which pg_stat_statements entry is which: they
 * match an entry whose normalized text starts with the statement's first line.
 */
export const STATEMENTS = {
  'venue-rooms': 'SELECT id, name, capacity, nightly_cents FROM rooms WHERE venue_id = $1 ORDER BY id',
  'guest-bookings':
    'SELECT id, room_id, starts_on, nights, status FROM bookings WHERE guest_id = $1 ORDER BY starts_on DESC LIMIT 20',
  'schedule-with-bookings': `SELECT r.id, r.name, coalesce(nb.bookings, '[]') AS bookings FROM rooms r
  LEFT JOIN LATERAL (SELECT json_agg(b ORDER BY b.starts_on, b.id) AS bookings FROM (
    SELECT id, guest_id, starts_on, nights FROM bookings
    WHERE room_id = r.id AND starts_on >= $2 ORDER BY starts_on, id LIMIT 5) b) nb ON true
  WHERE r.venue_id = $1 ORDER BY r.id`,
  'schedule-rooms': 'SELECT id, name FROM rooms WHERE venue_id = $1 ORDER BY id',
  // Dates as text, as json_agg renders them in the joined version: both versions answer the same JSON.
  'room-next-bookings':
    'SELECT id, guest_id, starts_on::text AS starts_on, nights FROM bookings WHERE room_id = $1 AND starts_on >= $2 ORDER BY starts_on, id LIMIT 5',
  'login-guest': 'SELECT id, password_salt, password_hash FROM guests WHERE email = $1',
  'lock-room': 'SELECT id, nightly_cents FROM rooms WHERE id = $1 FOR UPDATE',
  'room-price': 'SELECT id, nightly_cents FROM rooms WHERE id = $1',
  'overlapping-bookings': `SELECT count(*)::int AS n FROM bookings
  WHERE room_id = $1 AND starts_on < $2::date + $3::int AND starts_on + nights > $2::date`,
  'insert-booking': `INSERT INTO bookings (room_id, guest_id, starts_on, nights, status, created_at)
  VALUES ($1, $2, $3, $4, 'confirmed', now()) RETURNING id`,
  'insert-payment': `INSERT INTO payments (booking_id, amount_cents, currency, paid_at)
  VALUES ($1, $2, $3, now())`,
  'occupancy-nights': `SELECT date_trunc('month', b.starts_on)::date AS month, sum(b.nights)::int AS nights
  FROM bookings b JOIN rooms r ON r.id = b.room_id WHERE r.venue_id = $1 GROUP BY 1 ORDER BY 1`,
  'occupancy-revenue': `SELECT coalesce(sum(b.nights * r.nightly_cents), 0)::bigint AS revenue_cents
  FROM bookings b JOIN rooms r ON r.id = b.room_id WHERE r.venue_id = $1 AND b.status <> 'cancelled'`,
  'booking-details': `SELECT b.id, b.room_id, b.guest_id, b.starts_on, b.nights, b.status,
  CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('amountCents', p.amount_cents, 'currency', p.currency) END AS payment
  FROM bookings b LEFT JOIN payments p ON p.booking_id = b.id WHERE b.id = $1`,
} as const;

export type StatementName = keyof typeof STATEMENTS;

/**
 * The slow-reports bottleneck's version of a reporting statement: the same aggregate plus 250 ms of
 * server time (pg_sleep stands for the heavy report a real service would run), so that pg_stat_statements
 * keeps the statement's own text as the start of the entry.
 */
export function slowReportSql(name: 'occupancy-nights' | 'occupancy-revenue'): string {
  return `${STATEMENTS[name]} /* slow report */ LIMIT (SELECT 1000 FROM pg_sleep(0.25))`;
}

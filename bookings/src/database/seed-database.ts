import { pbkdf2Sync, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { seedSizes, ROOMS_PER_VENUE, type SeedSizes } from './seed-sizes';
import { PASSWORD_HASH } from '../routes/password-hash';

/** The index the missing-index bottleneck drops: GET /api/guests/:id/bookings needs it. */
export const GUEST_BOOKINGS_INDEX = 'bookings_guest_id_idx';

/** Every seeded guest's password (a reference service's test data, not a secret). */
export const SEED_PASSWORD = 'bookings-demo-password';

/** What {@link seedDatabase} did. */
export interface SeedResult {
  /** False when the database already held a seed of the same scale and nothing was written. */
  seeded: boolean;
  sizes: SeedSizes;
}

// Arbitrary but fixed: concurrent starts on one database seed once, the others wait and skip.
const SEED_LOCK_ID = 5_318_008;

/**
 * Creates and fills venues, rooms, guests, bookings and payments, one generate_series statement each,
 * unless the `bookings_seed` row says a seed of this scale is there. Keys and indexes are built after the
 * load (PostgreSQL docs 14.4, "Populating a Database"), then ANALYZE, so plans use the indexes at once.
 */
export async function seedDatabase(pool: Pool, scale = 1): Promise<SeedResult> {
  const sizes = seedSizes(scale);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_ID]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS bookings_seed (scale numeric NOT NULL, seeded_at timestamptz NOT NULL)',
    );
    const existing = await client.query<{ scale: string }>('SELECT scale FROM bookings_seed');
    if (existing.rows.length === 1 && Number(existing.rows[0]!.scale) === scale) {
      return { seeded: false, sizes };
    }
    const salt = randomBytes(16);
    const hash = pbkdf2Sync(SEED_PASSWORD, salt, PASSWORD_HASH.iterations, PASSWORD_HASH.keyBytes, 'sha512');
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query('DROP TABLE IF EXISTS payments, bookings, guests, rooms, venues');
    await client.query(createTables);
    await client.query(fillVenues, [sizes.venues]);
    await client.query(fillRooms, [sizes.rooms, ROOMS_PER_VENUE]);
    await client.query(fillGuests, [sizes.guests, salt.toString('hex'), hash.toString('hex')]);
    await client.query(fillBookings, [sizes.bookings, sizes.rooms, sizes.guests]);
    await client.query(fillPayments);
    await client.query(addKeysAndIndexes);
    await client.query('DELETE FROM bookings_seed');
    await client.query('INSERT INTO bookings_seed (scale, seeded_at) VALUES ($1, now())', [scale]);
    await client.query('COMMIT');
    await client.query('ANALYZE venues, rooms, guests, bookings, payments');
    return { seeded: true, sizes };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_ID]).catch(() => undefined);
    client.release();
  }
}

const createTables = `
CREATE TABLE venues (id integer NOT NULL, name text NOT NULL, city text NOT NULL);
CREATE TABLE rooms (id integer NOT NULL, venue_id integer NOT NULL, name text NOT NULL,
  capacity integer NOT NULL, nightly_cents integer NOT NULL);
CREATE TABLE guests (id integer NOT NULL, email text NOT NULL, name text NOT NULL,
  password_salt text NOT NULL, password_hash text NOT NULL);
CREATE TABLE bookings (id integer NOT NULL, room_id integer NOT NULL, guest_id integer NOT NULL,
  starts_on date NOT NULL, nights integer NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE payments (id integer NOT NULL, booking_id integer NOT NULL, amount_cents integer NOT NULL,
  currency text NOT NULL, paid_at timestamptz NOT NULL);`;

// Deterministic values from the row number (multiplicative hashing), so every seed is identical.
const fillVenues = `
INSERT INTO venues SELECT i, 'Venue ' || i,
  (ARRAY['Lisbon','Porto','Berlin','Vienna','Lyon','Turin','Ghent','Krakow'])[1 + i % 8]
FROM generate_series(1, $1::int) AS i`;

const fillRooms = `
INSERT INTO rooms SELECT i, 1 + (i - 1) / $2::int, 'Room ' || i, 1 + i % 4, 6000 + (i * 7919) % 20000
FROM generate_series(1, $1::int) AS i`;

const fillGuests = `
INSERT INTO guests SELECT i, 'guest' || i || '@example.test', 'Guest ' || i, $2, $3
FROM generate_series(1, $1::int) AS i`;

const fillBookings = `
INSERT INTO bookings SELECT i, 1 + (i::bigint * 7919 % $2::int)::int, 1 + (i::bigint * 104729 % $3::int)::int,
  date '2024-01-01' + (i % 1100)::int, 1 + (i % 7)::int,
  (ARRAY['confirmed','checked_in','completed','cancelled'])[1 + i % 4],
  timestamptz '2023-06-01' + (i % 500) * interval '1 day'
FROM generate_series(1, $1::int) AS i`;

// Every fifth booking stays unpaid: the data the type-error bottleneck trips on.
const fillPayments = `
INSERT INTO payments SELECT b.id, b.id, b.nights * r.nightly_cents, 'eur', b.created_at
FROM bookings b JOIN rooms r ON r.id = b.room_id WHERE b.id % 5 <> 0`;

const addKeysAndIndexes = `
ALTER TABLE venues ADD PRIMARY KEY (id);
ALTER TABLE rooms ADD PRIMARY KEY (id);
ALTER TABLE guests ADD PRIMARY KEY (id);
ALTER TABLE bookings ADD PRIMARY KEY (id);
ALTER TABLE payments ADD PRIMARY KEY (id);
ALTER TABLE rooms ADD FOREIGN KEY (venue_id) REFERENCES venues (id);
ALTER TABLE bookings ADD FOREIGN KEY (room_id) REFERENCES rooms (id);
ALTER TABLE bookings ADD FOREIGN KEY (guest_id) REFERENCES guests (id);
ALTER TABLE payments ADD FOREIGN KEY (booking_id) REFERENCES bookings (id);
ALTER TABLE guests ADD CONSTRAINT guests_email_key UNIQUE (email);
ALTER TABLE payments ADD CONSTRAINT payments_booking_id_key UNIQUE (booking_id);
CREATE INDEX rooms_venue_id_idx ON rooms (venue_id);
CREATE INDEX ${GUEST_BOOKINGS_INDEX} ON bookings (guest_id);
CREATE INDEX bookings_room_id_starts_on_idx ON bookings (room_id, starts_on);
CREATE SEQUENCE bookings_id_seq OWNED BY bookings.id;
SELECT setval('bookings_id_seq', (SELECT max(id) FROM bookings));
ALTER TABLE bookings ALTER COLUMN id SET DEFAULT nextval('bookings_id_seq');
CREATE SEQUENCE payments_id_seq OWNED BY payments.id;
SELECT setval('payments_id_seq', (SELECT max(id) FROM payments));
ALTER TABLE payments ALTER COLUMN id SET DEFAULT nextval('payments_id_seq');`;

import express, { type Router } from 'express';
import type { Pool, PoolClient } from 'pg';
import type { BottleneckSwitches } from '../bottlenecks/bottleneck-switches';
import { STATEMENTS } from '../database/statements';
import { chargePayment } from '../payments/payment-provider-stub';
import { positiveInt } from './route-params';

interface NewBooking {
  roomId: number;
  guestId: number;
  startsOn: string;
  nights: number;
}

interface BookingRow {
  id: number;
  room_id: number;
  guest_id: number;
  starts_on: string;
  nights: number;
  status: string;
  payment: { amountCents: number; currency: string } | null;
}

/**
 * POST /api/bookings (lock-contention) and GET /api/bookings/:id (type-error). `paymentsUrl` is the
 * payment provider's base URL.
 */
export function bookingRoutes(pool: Pool, switches: BottleneckSwitches, paymentsUrl: string): Router {
  const router = express.Router();

  router.post('/', express.json({ limit: '2kb' }), async (req, res) => {
    const booking = parseNewBooking(req.body);
    if (typeof booking === 'string') {
      res.status(400).json({ error: booking });
      return;
    }
    const created = switches.isOn('lock-contention')
      ? await bookHoldingTheLock(pool, paymentsUrl, booking)
      : await bookThenLock(pool, paymentsUrl, booking);
    if (created === 'no such room') res.status(404).json({ error: `room ${booking.roomId} does not exist` });
    else if (created === 'taken') res.status(409).json({ error: 'the room is taken on those nights' });
    else res.status(201).json({ id: created });
  });

  router.get('/:id', async (req, res) => {
    const id = positiveInt(res, 'booking id', req.params.id);
    if (id === undefined) return;
    const { rows } = await pool.query<BookingRow>(STATEMENTS['booking-details'], [id]);
    const row = rows[0];
    if (!row) {
      res.status(404).json({ error: `booking ${id} not found` });
      return;
    }
    // The type-error bottleneck is the version that forgot unpaid bookings (payment is null): a TypeError.
    const currency = switches.isOn('type-error')
      ? row.payment!.currency.toUpperCase()
      : (row.payment?.currency.toUpperCase() ?? null);
    res.json({ ...row, payment: row.payment && { ...row.payment, currency } });
  });
  return router;
}

/** The fix: charge first (no lock held), then a transaction of a few milliseconds. */
async function bookThenLock(pool: Pool, paymentsUrl: string, booking: NewBooking) {
  const { rows } = await pool.query<{ nightly_cents: number }>(STATEMENTS['room-price'], [booking.roomId]);
  if (!rows[0]) return 'no such room';
  const amountCents = rows[0].nightly_cents * booking.nights;
  // A real service would refund the charge when the room turns out to be taken below.
  await chargePayment(paymentsUrl, amountCents);
  return inTransaction(pool, async (client) => {
    await client.query(STATEMENTS['lock-room'], [booking.roomId]);
    return insertBooking(client, booking, amountCents);
  });
}

/** The bottleneck: the room's row lock is taken first and held across the 400 ms payment call. */
async function bookHoldingTheLock(pool: Pool, paymentsUrl: string, booking: NewBooking) {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ nightly_cents: number }>(STATEMENTS['lock-room'], [booking.roomId]);
    if (!rows[0]) return 'no such room';
    const amountCents = rows[0].nightly_cents * booking.nights;
    await chargePayment(paymentsUrl, amountCents);
    return insertBooking(client, booking, amountCents);
  });
}

async function insertBooking(client: PoolClient, booking: NewBooking, amountCents: number) {
  const { rows: overlapping } = await client.query<{ n: number }>(STATEMENTS['overlapping-bookings'], [
    booking.roomId,
    booking.startsOn,
    booking.nights,
  ]);
  if ((overlapping[0]?.n ?? 0) > 0) return 'taken';
  const { rows } = await client.query<{ id: number }>(STATEMENTS['insert-booking'], [
    booking.roomId,
    booking.guestId,
    booking.startsOn,
    booking.nights,
  ]);
  const id = rows[0]!.id;
  await client.query(STATEMENTS['insert-payment'], [id, amountCents, 'eur']);
  return id;
}

/** Runs `work` in a transaction on one pooled connection: COMMIT unless it throws, ROLLBACK then. */
async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(result === 'taken' || result === 'no such room' ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function parseNewBooking(body: unknown): NewBooking | string {
  const b = (body ?? {}) as Record<string, unknown>;
  const usage = 'expected {"roomId": int, "guestId": int, "startsOn": "YYYY-MM-DD", "nights": 1..30}';
  const roomId = b.roomId;
  const guestId = b.guestId;
  const nights = b.nights;
  if (!Number.isInteger(roomId) || !Number.isInteger(guestId) || !Number.isInteger(nights)) return usage;
  if ((nights as number) < 1 || (nights as number) > 30) return usage;
  if (typeof b.startsOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.startsOn)) return usage;
  return {
    roomId: roomId as number,
    guestId: guestId as number,
    startsOn: b.startsOn,
    nights: nights as number,
  };
}

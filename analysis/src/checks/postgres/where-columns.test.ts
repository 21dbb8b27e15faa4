import { whereColumns } from './where-columns';

describe('whereColumns', () => {
  it.each([
    [
      'one equality, then ORDER BY and LIMIT',
      'SELECT id, room_id, starts_on, nights, status FROM bookings WHERE guest_id = $1 ORDER BY starts_on DESC LIMIT $2',
      { columns: ['guest_id'], predicate: 'guest_id = $1' },
    ],
    [
      'two equalities joined by AND, schema-qualified, with an alias',
      'SELECT * FROM public.orders AS o WHERE o.customer_id = $1 AND status = $2',
      { columns: ['customer_id', 'status'], predicate: 'o.customer_id = $1 AND status = $2' },
    ],
    ['an UPDATE is not a lookup by FROM', 'UPDATE bookings SET status = $1 WHERE id = $2', undefined],
    [
      'a join: the index depends on the plan',
      'SELECT sum(b.nights) FROM bookings b JOIN rooms r ON r.id = b.room_id WHERE r.venue_id = $1',
      undefined,
    ],
    ['a range', 'SELECT id FROM bookings WHERE starts_on >= $1', undefined],
    ['an OR', 'SELECT id FROM bookings WHERE guest_id = $1 OR room_id = $2', undefined],
    ['a function of the column', 'SELECT id FROM guests WHERE lower(email) = $1', undefined],
    ['another table', 'SELECT id FROM guests WHERE email = $1', undefined],
    ['another schema', 'SELECT id FROM audit.bookings WHERE guest_id = $1', undefined],
    [
      'the table inside a subquery: not read',
      'SELECT count(*) FROM rooms WHERE id IN (SELECT room_id FROM bookings WHERE guest_id = $1)',
      undefined,
    ],
  ])('%s', (_title, sql, expected) => {
    expect(whereColumns(sql, 'public', sql.includes('orders') ? 'orders' : 'bookings')).toEqual(expected);
  });
});

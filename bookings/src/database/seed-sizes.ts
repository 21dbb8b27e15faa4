/** Row counts of a seed, from its scale. */
export interface SeedSizes {
  venues: number;
  rooms: number;
  guests: number;
  bookings: number;
}

/** Rooms per venue: every venue has the same number, so a schedule is always 20 rooms long. */
export const ROOMS_PER_VENUE = 20;

/**
 * Scale 1: 200 venues, 4,000 rooms, 40,000 guests, 240,000 bookings (and 192,000 payments, one for each
 * booking whose id is not a multiple of 5). Tests use a small scale; the scoring test uses 1, so that the
 * missing index costs what it costs on a table of that size.
 */
export function seedSizes(scale = 1): SeedSizes {
  if (!(scale > 0 && scale <= 10)) throw new RangeError(`bookings: scale must be in (0, 10], not ${scale}`);
  const venues = Math.max(2, Math.round(200 * scale));
  return {
    venues,
    rooms: venues * ROOMS_PER_VENUE,
    guests: Math.max(10, Math.round(40_000 * scale)),
    bookings: Math.max(100, Math.round(240_000 * scale)),
  };
}

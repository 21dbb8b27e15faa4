// Public surface of @perflens/bookings: the second reference service (docs/bookings-spec.md), an
// Express 5 + PostgreSQL bookings app with two pools and six switchable bottlenecks, and its traffic.
export { startBookingsService, type BookingsService } from './bookings-service';
export {
  bookingsOptionsFromEnv,
  parseBookingsOptions,
  type BookingsServiceOptions,
  type ResolvedBookingsOptions,
} from './bookings-options';
export {
  BOTTLENECK_DESCRIPTIONS,
  BOTTLENECK_NAMES,
  type BottleneckName,
} from './bottlenecks/bottleneck-catalogue';
export { GUEST_BOOKINGS_INDEX, SEED_PASSWORD, seedDatabase, type SeedResult } from './database/seed-database';
export { seedSizes, type SeedSizes } from './database/seed-sizes';
export { slowReportSql, STATEMENTS, type StatementName } from './database/statements';
export { PAYMENT_LATENCY_MS } from './payments/payment-provider-stub';
export {
  driveTraffic,
  type RouteTraffic,
  type TrafficOptions,
  type TrafficResult,
} from './traffic/drive-traffic';
export { POPULAR_ROOMS, REQUEST_MIX } from './traffic/request-mix';

import { z } from 'zod';
import { BOTTLENECK_NAMES } from './bottlenecks/bottleneck-catalogue';

/** Options of startBookingsService, validated at start so a wrong one fails naming itself. */
export const bookingsOptionsSchema = z
  .object({
    databaseUrl: z.string().min(1),
    /** Bearer token for /admin/bottlenecks (at least 16 characters; read it from a secret). */
    adminToken: z.string().min(16, 'must have at least 16 characters'),
    /** 0 picks a free port. */
    port: z.number().int().min(0).max(65_535).default(0),
    host: z.string().default('127.0.0.1'),
    /** Seed scale: 1 (the default) puts 240,000 rows in bookings; tests use less. */
    scale: z.number().positive().max(10).default(1),
    mainPoolMax: z.number().int().min(1).default(10),
    /** The reporting pool: small on purpose, as reporting pools are kept away from the main one. */
    reportsPoolMax: z.number().int().min(1).default(3),
    /** Bottlenecks switched on at start (all others off). */
    bottlenecks: z.array(z.enum(BOTTLENECK_NAMES)).default([]),
    /** pino level of the request-error log (stderr). */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();

export type BookingsServiceOptions = z.input<typeof bookingsOptionsSchema>;
export type ResolvedBookingsOptions = z.output<typeof bookingsOptionsSchema>;

export function parseBookingsOptions(options: unknown): ResolvedBookingsOptions {
  const parsed = bookingsOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(options)'}: ${i.message}`);
  throw new TypeError(`bookings: invalid options\n${lines.join('\n')}`);
}

/**
 * Options from the environment, as a deployment passes them: DATABASE_URL, BOOKINGS_ADMIN_TOKEN, PORT,
 * BOOKINGS_SCALE, BOOKINGS_BOTTLENECKS (comma-separated names) and LOG_LEVEL.
 */
export function bookingsOptionsFromEnv(env: NodeJS.ProcessEnv): ResolvedBookingsOptions {
  const names = (env.BOOKINGS_BOTTLENECKS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return parseBookingsOptions({
    databaseUrl: env.DATABASE_URL ?? '',
    adminToken: env.BOOKINGS_ADMIN_TOKEN ?? '',
    ...(env.PORT ? { port: Number(env.PORT) } : {}),
    ...(env.BOOKINGS_SCALE ? { scale: Number(env.BOOKINGS_SCALE) } : {}),
    bottlenecks: names,
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
  });
}

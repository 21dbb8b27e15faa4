import { Registry } from 'prom-client';
import { z } from 'zod';
import type { PgPoolLike } from '../db/pg-instrumentation';

const isExpressApp = (value: unknown): boolean =>
  typeof value === 'function' && typeof (value as { use?: unknown }).use === 'function';
const isPgPool = (value: unknown): value is PgPoolLike =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { connect?: unknown }).connect === 'function' &&
  typeof (value as { on?: unknown }).on === 'function' &&
  'idleCount' in value;

const ascendingBuckets = z
  .array(z.number().positive().finite())
  .min(1)
  .refine((buckets) => buckets.every((b, i) => i === 0 || b > buckets[i - 1]!), 'must be strictly ascending');

/** Options of `instrument()`, validated so that a wrong option fails at start-up, naming the option. */
export const instrumentOptionsSchema = z
  .object({
    /** The Express 4 or 5 application. */
    app: z.custom<unknown>(isExpressApp, 'expected an Express application (the value returned by express())'),
    /** A pg Pool, instrumented under the pool name "default". */
    pool: z.custom<PgPoolLike>(isPgPool, 'expected a pg Pool').optional(),
    /** Several pools, by pool name (the db_client_connection_pool_name label). */
    pools: z
      .record(
        z.string().regex(/^[A-Za-z_][\w.-]{0,62}$/, 'pool names are 1-63 letters, digits, _ . -'),
        z.custom<PgPoolLike>(isPgPool, 'expected a pg Pool'),
      )
      .optional(),
    /** The registry to register on; a new one by default (never prom-client's global registry). */
    registry: z
      .custom<Registry>((value) => value instanceof Registry, 'expected a prom-client Registry')
      .optional(),
    /** Distinct label sets per metric before new ones fold into the `__overflow__` series. */
    maxSeriesPerMetric: z.number().int().min(1).max(1_000_000).default(2000),
    /**
     * Distinct statements per route (method and template) in perflens_route_statement_*; further ones
     * are counted under db_statement_fingerprint="__overflow__".
     */
    maxStatementsPerRoute: z.number().int().min(1).max(1000).default(10),
    durationBuckets: ascendingBuckets.optional(),
    bodySizeBuckets: ascendingBuckets.optional(),
    /** prom-client's default process and Node.js metrics. */
    defaultMetrics: z.boolean().default(true),
    /** Where the app serves its metrics, or false to mount `perf.metricsHandler` yourself. */
    metricsPath: z.union([z.string().startsWith('/'), z.literal(false)]).default('/metrics'),
    /** Bearer token required on the metrics path; read it from a secret, never commit it. */
    metricsToken: z.string().min(16, 'a metrics token must be at least 16 characters').optional(),
    /**
     * Node cluster worker mode: metrics are sent to the primary over IPC (see serveClusterMetrics) and the
     * worker does not serve its own partial view.
     */
    clusterWorker: z.boolean().default(false),
  })
  .strict();

export type InstrumentOptions = z.input<typeof instrumentOptionsSchema>;
export type ResolvedInstrumentOptions = z.output<typeof instrumentOptionsSchema>;

/** Formats zod issues as `option: problem` lines; the first word of each line is the option path. */
export function formatOptionIssues(context: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(options)';
    return `  - ${path}: ${issue.message}`;
  });
  return `${context}: invalid options\n${lines.join('\n')}`;
}

export function parseInstrumentOptions(options: unknown): ResolvedInstrumentOptions {
  const parsed = instrumentOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new TypeError(formatOptionIssues('perflens instrument()', parsed.error));
  return parsed.data;
}

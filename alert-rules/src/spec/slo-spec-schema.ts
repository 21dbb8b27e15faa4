import { HTTP_DURATION_BUCKETS, ROUTE_TEMPLATE_PATTERN } from '@perflens/conventions';
import { z } from 'zod';

/**
 * Latency SLO thresholds must be boundaries of the request-duration histogram, so that the share of fast
 * requests is read exactly from one `le` bucket instead of interpolated.
 */
export const LATENCY_THRESHOLDS_SECONDS = HTTP_DURATION_BUCKETS;

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, starting with a letter');

/** Route templates as the instrumentation records them in `http_route` (Express paths, `unmatched`). */
const routeTemplate = z
  .string()
  .regex(ROUTE_TEMPLATE_PATTERN, 'must be a route template such as /orders/:id');

const sloCommon = {
  name: slug,
  description: z.string().min(1),
  /** Percent of good requests over the window, e.g. 99.9 (Sloth's convention). */
  objective: z.number().gt(0).lt(100),
  window: z
    .string()
    .regex(/^[1-9][0-9]*d$/, 'must be a whole number of days such as 28d or 30d')
    .default('30d'),
  /** Restricts the SLO to a group of routes; all routes of the job when absent. */
  routes: z.array(routeTemplate).min(1).optional(),
};

const availabilitySloSchema = z.object({ ...sloCommon, kind: z.literal('availability') }).strict();

const latencySloSchema = z
  .object({
    ...sloCommon,
    kind: z.literal('latency'),
    thresholdSeconds: z
      .number()
      .refine((value) => (LATENCY_THRESHOLDS_SECONDS as readonly number[]).includes(value), {
        message: `must be a histogram bucket boundary: one of ${LATENCY_THRESHOLDS_SECONDS.join(', ')}`,
      }),
  })
  .strict();

export const sloSchema = z.discriminatedUnion('kind', [availabilitySloSchema, latencySloSchema]);

/** Labels the generator sets on every SLO series and alert. */
const RESERVED_LABELS = ['alertname', 'job', 'slo', 'severity', 'slo_severity'];

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name');

export const serviceSchema = z
  .object({
    name: slug,
    /** The Prometheus `job` label that identifies the service; defaults to the service name. */
    job: z.string().min(1).optional(),
    /** Extra labels on every generated alert (team, tier...). */
    labels: z.record(labelName, z.string()).default({}),
    /**
     * Low-traffic guard: burn-rate alerts need at least this many requests per second over their long window,
     * because at 10 requests an hour one failure is a 1000x burn (SRE workbook, "Low-traffic services").
     */
    minRequestRate: z.number().nonnegative().default(0.1),
    slos: z.array(sloSchema).min(1),
  })
  .strict()
  .superRefine((service, ctx) => {
    for (const label of Object.keys(service.labels)) {
      if (RESERVED_LABELS.includes(label)) {
        ctx.addIssue({ code: 'custom', path: ['labels', label], message: 'is set by the generator' });
      }
    }
    const seen = new Set<string>();
    service.slos.forEach((slo, index) => {
      if (seen.has(slo.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slos', index, 'name'],
          message: `duplicate SLO name "${slo.name}"`,
        });
      }
      seen.add(slo.name);
    });
  });

/** The versioned SLO file: `alert-rules/slo.yaml`. */
export const sloSpecSchema = z
  .object({
    version: z.literal('perflens/v1'),
    services: z.array(serviceSchema).min(1),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const jobs = new Set<string>();
    spec.services.forEach((service, index) => {
      const job = service.job ?? service.name;
      if (jobs.has(job)) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', index],
          message: `duplicate service job "${job}"`,
        });
      }
      jobs.add(job);
    });
  });

export type SloSpec = z.output<typeof sloSpecSchema>;
export type ServiceSpec = z.output<typeof serviceSchema>;
export type SloSpecEntry = z.output<typeof sloSchema>;

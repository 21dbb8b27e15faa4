import { z } from 'zod';
import { DEFAULT_FS_TYPES_EXCLUDE, DEFAULT_MOUNT_POINTS_EXCLUDE } from '../collectors/host/mounts';

/** A regular expression given as a string; checked here so a typo fails the start, not a scrape. */
const regex = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'expected a valid regular expression' },
);

/** An origin exactly as browsers send it in the Origin header: scheme, host and port, no path. */
const origin = z.string().refine(
  (value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  },
  {
    error: 'expected an origin such as https://shop.example.com (scheme and host, no path or trailing slash)',
  },
);

const seconds = (fallback: number) => z.number().positive().max(300).default(fallback);

const tokenBucket = (rate: number, burst: number) =>
  z
    .strictObject({
      ratePerSecond: z.number().positive().default(rate),
      burst: z.number().int().min(1).default(burst),
    })
    .prefault({});

/** A secret given inline or, better, as a file path (Kubernetes and Docker secrets are files). */
const databaseSchema = z
  .strictObject({ dsn: z.string().min(1).optional(), dsnFile: z.string().min(1).optional() })
  .refine((d) => (d.dsn === undefined) !== (d.dsnFile === undefined), {
    error: 'expected exactly one of dsn or dsnFile',
  });

const pageSchema = z.strictObject({
  pattern: z.string().startsWith('/', { error: 'expected a path template starting with "/"' }),
  name: z.string().min(1).max(100).optional(),
});

/**
 * The exporter's configuration file (see exporter/examples/perflens.example.yaml for every field with
 * its meaning). Unknown keys are errors, so a misspelt option is reported instead of silently ignored.
 */
export const exporterConfigSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).default('0.0.0.0'),
      port: z.number().int().min(0).max(65535).default(9464),
      metricsBearerToken: z
        .string()
        .min(16, { error: 'expected a token of at least 16 characters' })
        .optional(),
      metricsBearerTokenFile: z.string().min(1).optional(),
      /** Express's "trust proxy": false, true, a hop count, or addresses/subnets of the proxies. */
      trustProxy: z
        .union([z.boolean(), z.number().int().min(0), z.string(), z.array(z.string())])
        .default(false),
      shutdownGraceSeconds: seconds(10),
      /** A client gets this long to send a whole request (headers and body); then 408 and the socket closes. */
      requestTimeoutSeconds: seconds(10),
      /** Open connections at most; more are closed on accept (idle sockets count: slow-loris protection). */
      maxConnections: z.number().int().min(1).max(1_000_000).default(1024),
    })
    .refine((s) => s.metricsBearerToken === undefined || s.metricsBearerTokenFile === undefined, {
      error: 'expected at most one of metricsBearerToken or metricsBearerTokenFile',
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  host: z
    .strictObject({
      enabled: z.boolean().default(true),
      procRoot: z.string().min(1).default('/proc'),
      excludeMountPoints: regex.default(DEFAULT_MOUNT_POINTS_EXCLUDE),
      excludeFsTypes: regex.default(DEFAULT_FS_TYPES_EXCLUDE),
      excludeNetworkDevices: regex.optional(),
      timeoutSeconds: seconds(5),
    })
    .prefault({}),
  postgres: z
    .strictObject({
      databases: z.array(databaseSchema).default([]),
      timeoutSeconds: seconds(5),
      // Per collector query, so a locked table fails one query instead of the whole scrape (pg_up stays 1).
      statementTimeoutSeconds: seconds(4),
      lockTimeoutSeconds: seconds(2),
      relationsLimit: z.number().int().min(1).max(10_000).default(500),
      statementsLimit: z.number().int().min(0).max(5_000).default(100),
      // Lock-wait and idle-in-transaction groups per database; the rest fold into __overflow__.
      sessionsLimit: z.number().int().min(1).max(1_000).default(10),
      // perflens_pg_statement_info: normalized SQL (no literal values, but names tables and columns).
      statementText: z.boolean().default(true),
    })
    .prefault({}),
  rum: z
    .strictObject({
      enabled: z.boolean().default(true),
      allowedOrigins: z.array(z.union([z.literal('*'), origin])).default([]),
      pages: z.array(pageSchema).max(1000).default([]),
      rateLimit: z
        .strictObject({
          perClient: tokenBucket(5, 20),
          global: tokenBucket(500, 1000),
          /** Requests without Origin (not browsers) share this bucket instead; the size of global if unset. */
          withoutOrigin: z
            .strictObject({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) })
            .optional(),
          maxTrackedClients: z.number().int().min(1).default(10_000),
        })
        .prefault({}),
      maxSeriesPerMetric: z.number().int().min(1).max(100_000).default(500),
      dedupeCapacity: z.number().int().min(1).max(10_000_000).default(50_000),
    })
    .prefault({}),
  /** The PostgreSQL advisor's API on the first database (docs/advisor.md); off unless enabled. */
  advisor: z
    .strictObject({
      enabled: z.boolean().default(false),
      viewerTokenFile: z.string().min(1).optional(),
      adminTokenFile: z.string().min(1).optional(),
      applyEnabled: z.boolean().default(false),
      refreshSeconds: z.number().positive().max(86_400).default(300),
      /** Run although the DSN's role is a superuser (docs/advisor.md, "Privileges"); refused otherwise. */
      allowSuperuser: z.boolean().default(false),
      /** Plan statements that only superusers ran (throw-away clusters whose only role is the superuser). */
      planSuperuserStatements: z.boolean().default(false),
      /**
       * Tables are judged on the scans since a refresh at least this long ago, not since the statistics
       * reset (docs/advisor.md): a table stops being seq-scan heavy this long after its index is back.
       */
      seqScanWindowSeconds: z.number().nonnegative().max(86_400).default(300),
    })
    .refine((a) => !a.enabled || (a.viewerTokenFile !== undefined && a.adminTokenFile !== undefined), {
      error: 'expected viewerTokenFile and adminTokenFile when the advisor is enabled',
    })
    .prefault({}),
  /** Served-asset summaries from `perflens bundle --publish` (docs/exporter.md); off unless enabled. */
  frontendAssets: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** The bearer token publishers send, at least 32 characters. */
      tokenFile: z.string().min(1).optional(),
      /** Pages kept (each is 11 series); past it the page published longest ago is dropped. */
      maxPages: z.number().int().min(1).max(10_000).default(200),
    })
    .refine((f) => !f.enabled || f.tokenFile !== undefined, {
      error: 'expected tokenFile when frontendAssets is enabled',
    })
    .prefault({}),
});

/** The config as written, after defaults; secrets may still be file references. */
export type ExporterConfigFile = z.infer<typeof exporterConfigSchema>;

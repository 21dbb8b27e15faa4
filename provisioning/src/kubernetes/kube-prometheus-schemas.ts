// zod models of the parts of the resources that provisioning/kubernetes/ uses, written from the CRDs of
// prometheus-operator v0.76.0 (example/prometheus-operator-crd/monitoring.coreos.com_{prometheusrules,
// servicemonitors,podmonitors}.yaml, API monitoring.coreos.com/v1) and from Kubernetes' ConfigMap (core/v1).
// Objects are strict: the API server prunes a field the CRD does not know without a word, so a misspelt
// field would be lost silently in a cluster; here it fails the test instead. Used by the tests only.
import { z } from 'zod';

/** The CRDs' duration pattern (interval, for, scrapeTimeout): Prometheus durations such as 30s, 1h5m. */
const DURATION =
  /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const duration = z.string().regex(DURATION, 'a Prometheus duration such as 30s or 1h');
/** A DNS subdomain name (RFC 1123), what metadata.name of these kinds must be; at most 253 characters. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A ConfigMap data key (core/v1 validation: IsConfigMapKey): letters, digits, `-`, `_`, `.`; at most 253. */
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
/** What etcd and the API server accept for one ConfigMap's data (Kubernetes docs, "ConfigMaps"). */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

const stringMap = z.record(z.string(), z.string());
const metadata = z
  .object({
    name: z.string().max(253).regex(DNS_SUBDOMAIN, 'a DNS subdomain name'),
    namespace: z.string().optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  })
  .strict();

/** Rule: expr required (int or string); only one of record and alert; annotations only on alerting rules. */
const rule = z
  .object({
    record: z
      .string()
      .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a metric name')
      .optional(),
    alert: z.string().min(1).optional(),
    expr: z.union([z.string().min(1), z.number().int()]),
    for: duration.optional(),
    keep_firing_for: duration.optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  })
  .strict()
  .refine((r) => (r.record === undefined) !== (r.alert === undefined), 'exactly one of record and alert')
  .refine((r) => r.alert !== undefined || (r.for === undefined && r.annotations === undefined), {
    message: 'for and annotations belong to alerting rules',
  });

const ruleGroup = z
  .object({
    name: z.string().min(1),
    interval: duration.optional(),
    limit: z.number().int().optional(),
    partial_response_strategy: z.string().optional(),
    rules: z.array(rule),
  })
  .strict();

export const prometheusRuleSchema = z
  .object({
    apiVersion: z.literal('monitoring.coreos.com/v1'),
    kind: z.literal('PrometheusRule'),
    metadata,
    spec: z
      .object({ groups: z.array(ruleGroup).min(1) })
      .strict()
      // x-kubernetes-list-map-keys: name — the API server rejects two groups of one name.
      .refine((spec) => new Set(spec.groups.map((g) => g.name)).size === spec.groups.length, {
        message: 'group names must be unique within a PrometheusRule',
      }),
  })
  .strict();

const labelSelector = z
  .object({
    matchLabels: stringMap.optional(),
    matchExpressions: z
      .array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() }))
      .optional(),
  })
  .strict();
const namespaceSelector = z
  .object({ any: z.boolean().optional(), matchNames: z.array(z.string()).optional() })
  .strict();
/** SecretKeySelector: key required. */
const secretKeySelector = z
  .object({ name: z.string().min(1), key: z.string().min(1), optional: z.boolean().optional() })
  .strict();
const relabeling = z
  .object({
    action: z
      .enum([
        'replace',
        'keep',
        'drop',
        'hashmod',
        'labelmap',
        'labeldrop',
        'labelkeep',
        'lowercase',
        'uppercase',
      ])
      .optional(),
    sourceLabels: z.array(z.string()).optional(),
    separator: z.string().optional(),
    regex: z.string().optional(),
    modulus: z.number().int().optional(),
    targetLabel: z.string().optional(),
    replacement: z.string().optional(),
  })
  .strict();
/** What a ServiceMonitor endpoint and a PodMonitor podMetricsEndpoint share, of what Perflens uses. */
const scrapeEndpoint = {
  port: z.string().min(1),
  path: z.string().startsWith('/'),
  scheme: z.enum(['http', 'https']).optional(),
  interval: duration.optional(),
  scrapeTimeout: duration.optional(),
  bearerTokenSecret: secretKeySelector.optional(),
  honorLabels: z.boolean().optional(),
  relabelings: z.array(relabeling).optional(),
  metricRelabelings: z.array(relabeling).optional(),
};

export const serviceMonitorSchema = z
  .object({
    apiVersion: z.literal('monitoring.coreos.com/v1'),
    kind: z.literal('ServiceMonitor'),
    metadata,
    spec: z
      .object({
        selector: labelSelector,
        namespaceSelector: namespaceSelector.optional(),
        jobLabel: z.string().optional(),
        endpoints: z
          .array(z.object({ ...scrapeEndpoint, targetPort: z.string().optional() }).strict())
          .min(1),
      })
      .strict(),
  })
  .strict();

export const podMonitorSchema = z
  .object({
    apiVersion: z.literal('monitoring.coreos.com/v1'),
    kind: z.literal('PodMonitor'),
    metadata,
    spec: z
      .object({
        selector: labelSelector,
        namespaceSelector: namespaceSelector.optional(),
        jobLabel: z.string().optional(),
        podMetricsEndpoints: z
          .array(z.object({ ...scrapeEndpoint, portNumber: z.number().int().optional() }).strict())
          .min(1),
      })
      .strict(),
  })
  .strict();

export const configMapSchema = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('ConfigMap'),
    metadata,
    data: z
      .record(z.string().max(253).regex(CONFIG_MAP_KEY, 'a ConfigMap key'), z.string())
      .refine(
        (data) =>
          Object.entries(data).reduce(
            (sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v),
            0,
          ) <= CONFIG_MAP_MAX_BYTES,
        { message: `data over ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB)` },
      ),
  })
  .strict();

/** The schema of each kind provisioning/kubernetes/ holds. */
export const SCHEMA_BY_KIND = {
  PrometheusRule: prometheusRuleSchema,
  ServiceMonitor: serviceMonitorSchema,
  PodMonitor: podMonitorSchema,
  ConfigMap: configMapSchema,
} as const;

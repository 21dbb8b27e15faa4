import path from 'node:path';
import { loadSloSpec } from '@perflens/alert-rules';
import { type KubernetesResource, perflensMetadata } from './kubernetes-resource';

const SLO_FILE = path.resolve(__dirname, '..', '..', '..', 'alert-rules', 'slo.yaml');
/** The exporter's job in every other stack (provisioning/prometheus/prometheus.yml): its dashboard filters on it. */
export const EXPORTER_JOB = 'perflens-exporter';
/** How often kube-prometheus scrapes by default; the rules' rate windows (5m and more) assume about this. */
const SCRAPE_INTERVAL = '15s';

/**
 * The rules and dashboards select on `job` (`job="demo-api"`, the SLO file's job), but the operator names the
 * job after the Service (ServiceMonitor) or `<namespace>/<name>` (PodMonitor). This relabeling, applied after
 * the operator's own, sets the job every other Perflens stack uses.
 */
function jobRelabeling(job: string) {
  return [{ action: 'replace', targetLabel: 'job', replacement: job }];
}

/** The SLO file's first service: the instrumented service the examples scrape. */
export function instrumentedServiceJob(sloFile = SLO_FILE): string {
  const [service] = loadSloSpec(sloFile).services;
  if (!service) throw new Error(`${sloFile}: no service to write a ServiceMonitor for`);
  return service.job ?? service.name;
}

/** The exporter's Service (label app.kubernetes.io/name: perflens-exporter, port named `metrics`, 9464). */
export function exporterServiceMonitor(): KubernetesResource {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: perflensMetadata(EXPORTER_JOB, { 'app.kubernetes.io/component': 'exporter' }),
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': EXPORTER_JOB } },
      namespaceSelector: { any: true },
      endpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: SCRAPE_INTERVAL,
          relabelings: jobRelabeling(EXPORTER_JOB),
        },
      ],
    },
  };
}

/**
 * A service instrumented with @perflens/instrument behind a Service: its port named `http` serves /metrics,
 * with the bearer token of `metricsToken` read from a Secret (instrument/README.md).
 */
export function instrumentedServiceMonitor(job = instrumentedServiceJob()): KubernetesResource {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: perflensMetadata(job, { 'app.kubernetes.io/component': 'service' }),
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': job } },
      namespaceSelector: { any: true },
      endpoints: [
        {
          port: 'http',
          path: '/metrics',
          interval: SCRAPE_INTERVAL,
          bearerTokenSecret: { name: `${job}-metrics-token`, key: 'token' },
          relabelings: jobRelabeling(job),
        },
      ],
    },
  };
}

/**
 * The same service scraped pod by pod, without a Service: the choice for Node cluster mode, where each pod's
 * primary serves the metrics of all its workers on a port of its own (named `metrics`, 9464).
 */
export function instrumentedPodMonitor(job = instrumentedServiceJob()): KubernetesResource {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: perflensMetadata(job, { 'app.kubernetes.io/component': 'service' }),
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': job } },
      namespaceSelector: { any: true },
      podMetricsEndpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: SCRAPE_INTERVAL,
          bearerTokenSecret: { name: `${job}-metrics-token`, key: 'token' },
          relabelings: jobRelabeling(job),
        },
      ],
    },
  };
}

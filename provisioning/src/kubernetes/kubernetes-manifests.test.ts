import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  CONFIG_MAP_MAX_BYTES,
  configMapSchema,
  prometheusRuleSchema,
  SCHEMA_BY_KIND,
  serviceMonitorSchema,
} from './kube-prometheus-schemas';
import { KUBERNETES_DIR, staleKubernetesFiles } from './kubernetes-manifests';
import { instrumentedServiceJob } from './monitor-resources';
import { ruleFileSources } from './prometheus-rule-resources';

const DASHBOARDS_DIR = path.resolve(__dirname, '..', '..', 'grafana', 'dashboards');

/** The committed files, parsed: what `kubectl apply -k provisioning/kubernetes` sends. */
function committed(): Array<{ file: string; resource: Record<string, unknown> & { kind: string } }> {
  return (
    readdirSync(KUBERNETES_DIR)
      .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
      .sort()
      // parse() refuses a file of several documents: each file holds one resource.
      .map((file) => ({ file, resource: parse(readFileSync(path.join(KUBERNETES_DIR, file), 'utf8')) }))
  );
}

function ofKind(kind: string) {
  return committed().filter(({ resource }) => resource.kind === kind);
}

describe('provisioning/kubernetes (kube-prometheus resources)', () => {
  it('is committed exactly as the generator writes it (npm run dashboards -w provisioning)', () => {
    expect(staleKubernetesFiles()).toEqual([]);
  });

  it('holds only resources that validate against their CRD or core/v1 schema', () => {
    const files = committed();
    expect(files.length).toBeGreaterThan(0);
    for (const { file, resource } of files) {
      const schema = SCHEMA_BY_KIND[resource.kind as keyof typeof SCHEMA_BY_KIND];
      expect([file, schema === undefined ? `unexpected kind ${resource.kind}` : 'known']).toEqual([
        file,
        'known',
      ]);
      const result = schema.safeParse(resource);
      expect([file, result.success ? 'valid' : result.error.message]).toEqual([file, 'valid']);
    }
  });

  it('has one PrometheusRule per rule file, whose groups are the file’s groups', () => {
    const rules = ofKind('PrometheusRule');
    const sources = ruleFileSources();
    expect(sources.map((source) => source.relativePath)).toContain(path.join('generated', 'slo.rules.yml'));
    expect(rules).toHaveLength(sources.length);
    for (const source of sources) {
      const match = rules.find(
        ({ resource }) => (resource.metadata as { name: string }).name === `perflens-${source.name}`,
      );
      const fileGroups = (parse(readFileSync(source.file, 'utf8')) as { groups: unknown[] }).groups;
      expect([
        source.relativePath,
        (match?.resource.spec as { groups: unknown[] } | undefined)?.groups,
      ]).toEqual([source.relativePath, fileGroups]);
    }
  });

  it('has one ConfigMap per dashboard, labelled for the Grafana sidecar, with the dashboard’s JSON', () => {
    const configMaps = ofKind('ConfigMap');
    const dashboards = readdirSync(DASHBOARDS_DIR).filter((file) => file.endsWith('.json'));
    expect(configMaps).toHaveLength(dashboards.length);
    for (const dashboard of dashboards) {
      const match = configMaps.find(({ resource }) => dashboard in (resource.data as object));
      const metadata = match?.resource.metadata as { labels: Record<string, string> } | undefined;
      expect([dashboard, metadata?.labels.grafana_dashboard]).toEqual([dashboard, '1']);
      const json = (match?.resource.data as Record<string, string>)[dashboard] as string;
      expect(JSON.parse(json)).toEqual(
        JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, dashboard), 'utf8')),
      );
    }
  });

  it('scrapes the exporter and the SLO file’s service under the jobs the rules select on', () => {
    const job = instrumentedServiceJob();
    const jobs = [...ofKind('ServiceMonitor'), ...ofKind('PodMonitor')].map(({ resource }) => {
      const spec = resource.spec as Record<
        string,
        Array<{ relabelings: Array<{ targetLabel: string; replacement: string }> }>
      >;
      const endpoints = spec.endpoints ?? spec.podMetricsEndpoints ?? [];
      return `${resource.kind} ${endpoints[0]?.relabelings.find((r) => r.targetLabel === 'job')?.replacement}`;
    });
    expect(jobs.sort()).toEqual([
      `PodMonitor ${job}`,
      `ServiceMonitor ${job}`,
      'ServiceMonitor perflens-exporter',
    ]);
    const slo = readFileSync(path.join(KUBERNETES_DIR, 'prometheusrule-slo.yaml'), 'utf8');
    expect(slo).toContain(`job="${job}"`);
  });

  it('applies everything with kustomize but the PodMonitor, the ServiceMonitor’s alternative', () => {
    const kustomization = parse(readFileSync(path.join(KUBERNETES_DIR, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    const all = committed().map(({ file }) => file);
    expect([...kustomization.resources].sort()).toEqual(
      all.filter((file) => !file.startsWith('podmonitor-')),
    );
  });

  it('the schemas reject what a cluster would reject or silently drop', () => {
    const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' } };
    const both = { name: 'g', rules: [{ alert: 'A', record: 'a:b', expr: 'up' }] };
    expect(prometheusRuleSchema.safeParse({ ...rule, spec: { groups: [both] } }).success).toBe(false);
    const twice = { name: 'g', rules: [{ record: 'a:b', expr: 'up' }] };
    expect(prometheusRuleSchema.safeParse({ ...rule, spec: { groups: [twice, twice] } }).success).toBe(false);
    expect(prometheusRuleSchema.safeParse({ ...rule, spec: { groups: [twice] } }).success).toBe(true);

    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'm' },
      spec: { selector: {}, endpoints: [{ port: 'http', path: '/metrics', interval: '15s' }] },
    };
    expect(serviceMonitorSchema.safeParse(monitor).success).toBe(true);
    const misspelt = {
      ...monitor,
      spec: { ...monitor.spec, endpoints: [{ port: 'http', path: '/metrics', intervall: '15s' }] },
    };
    expect(serviceMonitorSchema.safeParse(misspelt).success).toBe(false);
    const badInterval = {
      ...monitor,
      spec: { ...monitor.spec, endpoints: [{ port: 'http', path: '/metrics', interval: '15 s' }] },
    };
    expect(serviceMonitorSchema.safeParse(badInterval).success).toBe(false);

    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(
      configMapSchema.safeParse({ ...configMap, data: { 'a.json': 'x'.repeat(CONFIG_MAP_MAX_BYTES) } })
        .success,
    ).toBe(false);
    expect(configMapSchema.safeParse({ ...configMap, data: { 'a/b.json': '{}' } }).success).toBe(false);
    expect(configMapSchema.safeParse({ ...configMap, data: { 'a.json': '{}' } }).success).toBe(true);
  });
});

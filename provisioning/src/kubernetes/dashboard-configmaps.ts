import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type KubernetesResource, perflensMetadata } from './kubernetes-resource';

/** The generated dashboards (write-dashboards.ts DASHBOARDS_DIR, not imported: that module runs this one). */
const DASHBOARDS_DIR = path.resolve(__dirname, '..', '..', 'grafana', 'dashboards');

/**
 * The label the Grafana sidecar (kiwigrid k8s-sidecar, which kube-prometheus-stack's Grafana runs) watches
 * for: every ConfigMap with it becomes dashboards, one per data key.
 */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** Where the sidecar files them when its `folderAnnotation` is set to this (Helm: sidecar.dashboards.folderAnnotation). */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

/** One ConfigMap per generated dashboard (provisioning/grafana/dashboards/*.json), its JSON under `<uid>.json`. */
export function dashboardConfigMaps(dir = DASHBOARDS_DIR): KubernetesResource[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        ...perflensMetadata(`grafana-dashboard-${path.basename(file, '.json')}`, {
          'app.kubernetes.io/component': 'dashboards',
          ...GRAFANA_DASHBOARD_LABEL,
        }),
        annotations: { [GRAFANA_FOLDER_ANNOTATION]: 'Perflens' },
      },
      data: { [file]: readFileSync(path.join(dir, file), 'utf8') },
    }));
}

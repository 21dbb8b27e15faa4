import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAppProvisioningStale, writeAppProvisioning } from '../grafana-app/app-plugin-provisioning';
import { staleKubernetesFiles, writeKubernetesManifests } from '../kubernetes/kubernetes-manifests';
import { allDashboards } from './all-dashboards';

/** Where the generated JSON lives; Grafana's dashboard provider reads this folder. */
export const DASHBOARDS_DIR = path.resolve(__dirname, '..', '..', 'grafana', 'dashboards');

/** File name → JSON text of every dashboard, as committed. */
export function renderDashboards(): Map<string, string> {
  return new Map(allDashboards().map((d) => [`${d.uid}.json`, `${JSON.stringify(d, null, 2)}\n`]));
}

/** Files in `dir` that differ from the generator's output, are missing, or are left over. */
export function staleDashboardFiles(dir = DASHBOARDS_DIR): string[] {
  const expected = renderDashboards();
  const present = new Set(readdirSync(dir).filter((f) => f.endsWith('.json')));
  const stale = [...expected].filter(
    ([file, text]) => !present.has(file) || readFileSync(path.join(dir, file), 'utf8') !== text,
  );
  const extra = [...present].filter((file) => !expected.has(file));
  return [...stale.map(([file]) => file), ...extra].sort();
}

/** Rewrites the folder from the generator (removing dashboards that no longer exist). */
export function writeDashboards(dir = DASHBOARDS_DIR): void {
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) rmSync(path.join(dir, file));
  for (const [file, text] of renderDashboards()) writeFileSync(path.join(dir, file), text);
}

// `npm run dashboards -w provisioning` regenerates everything generated under grafana/ (the dashboards and the
// app's provisioning file, both from the SLO file); `-- --check` exits 1 when the committed files are stale.
if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = [
      ...staleDashboardFiles(),
      ...(isAppProvisioningStale() ? ['perflens-insights-app.yaml'] : []),
      ...staleKubernetesFiles().map((file) => `kubernetes/${file}`),
    ];
    if (stale.length > 0) {
      process.stderr.write(
        `stale dashboards (run npm run dashboards -w provisioning): ${stale.join(', ')}\n`,
      );
      process.exitCode = 1;
    }
  } else {
    writeDashboards();
    writeAppProvisioning();
    // The same dashboards and the rule files as kube-prometheus resources (provisioning/kubernetes/).
    const manifests = writeKubernetesManifests();
    process.stdout.write(`wrote ${manifests} Kubernetes manifests to provisioning/kubernetes\n`);
    process.stdout.write(
      `wrote ${renderDashboards().size} dashboards to ${DASHBOARDS_DIR} and the app's provisioning file\n`,
    );
  }
}

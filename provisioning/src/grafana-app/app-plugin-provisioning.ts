import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { burnRate, buildSloModel, loadSloSpec, WORKBOOK_BURN_WINDOWS } from '@perflens/alert-rules';

/** The SLO file: the one source of the app's thresholds, as of the alerts and dashboards. */
export const SLO_FILE = path.resolve(__dirname, '..', '..', '..', 'alert-rules', 'slo.yaml');

/** Grafana's app provisioning file for the Perflens app (mounted by docker-compose.yml). */
export const APP_PROVISIONING_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  'grafana',
  'plugins',
  'perflens-insights-app.yaml',
);

/**
 * One SLO as the app's jsonData carries it: the analysis engine's `SloObjective` (plugin/src/shared/
 * app-settings.ts). Provisioning may not import the engine, so the shape is spelled here; the plugin's parity
 * test (plugin/browser-tests/analysis-parity.integration.test.ts) fails when it drifts from what `perflens analyze`
 * derives from the same file.
 */
export interface ProvisionedSloObjective {
  id: string;
  job: string;
  kind: 'availability' | 'latency';
  routes: readonly string[];
  objectiveRatio: number;
  thresholdSeconds?: number;
  pageBurnRate: number;
}

/** The app's jsonData as provisioned: data source uids, the SLO file's jobs and objectives. */
export interface ProvisionedAppSettings {
  prometheusUid: string;
  alertmanagerUid: string;
  alertmanagerUrl: string;
  /** The exporter's compose service (docker-compose.yml), for the advisor page through the `exporter` route. */
  exporterUrl: string;
  jobs: string[];
  sloObjectives: ProvisionedSloObjective[];
}

/**
 * Objectives as `perflens analyze` derives them (analysis' `sloObjectivesFromModel`): severities follow the
 * page burn rate of each SLO's period, the same windows the burn-rate alerts use.
 */
export function appSettingsFromSloFile(sloFile = SLO_FILE): ProvisionedAppSettings {
  const models = buildSloModel(loadSloSpec(sloFile));
  const page = WORKBOOK_BURN_WINDOWS.find((window) => window.severity === 'page');
  const sloObjectives = models.map((model) => ({
    id: model.id,
    job: model.job,
    kind: model.kind,
    routes: model.routes,
    objectiveRatio: model.objectiveRatio,
    ...(model.thresholdSeconds !== undefined ? { thresholdSeconds: model.thresholdSeconds } : {}),
    pageBurnRate: page ? burnRate(page, model.window) : 14.4,
  }));
  return {
    prometheusUid: 'prometheus',
    alertmanagerUid: 'alertmanager',
    // Silences (acknowledgements) go through the app's `alertmanager` route, which Grafana restricts to Editors.
    alertmanagerUrl: 'http://alertmanager:9093',
    exporterUrl: 'http://exporter:9464',
    jobs: [...new Set(models.map((model) => model.job))],
    sloObjectives,
  };
}

const HEADER = `# GENERATED from alert-rules/slo.yaml by provisioning/src/grafana-app/app-plugin-provisioning.ts:
# do not edit; run \`npm run dashboards -w provisioning\` after changing the SLO file (a test fails when stale).
#
# Enables the Perflens app plugin (plugin/, built to plugin/dist and mounted by docker-compose.yml) and gives
# it the data sources to query and the SLO file's objectives, so the app judges findings exactly as
# \`perflens analyze\` does. Unsigned builds also need
# GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=perflens-insights-app,perflens-topbottlenecks-panel (the nested panel).
# jsonData is written as JSON (a YAML flow mapping, read by Grafana as any YAML) and comes last, so tools
# without a YAML parser (the plugin's tests) read exactly what Grafana reads.
`;

/** The provisioning file's text for an SLO file. */
export function renderAppProvisioning(sloFile = SLO_FILE): string {
  const jsonData = JSON.stringify(appSettingsFromSloFile(sloFile), null, 2).replace(/\n/g, '\n      ');
  return `${HEADER}apiVersion: 1
apps:
  - type: perflens-insights-app
    org_id: 1
    disabled: false
    jsonData: ${jsonData}
`;
}

/** The jsonData of a provisioning file written by `renderAppProvisioning` (everything after `jsonData:`). */
export function provisionedJsonData(text: string): unknown {
  const marker = '\n    jsonData: ';
  const start = text.indexOf(marker);
  if (start < 0) throw new Error(`no "jsonData:" entry in the app provisioning file`);
  return JSON.parse(text.slice(start + marker.length));
}

/** True when the committed file differs from what the SLO file generates. */
export function isAppProvisioningStale(file = APP_PROVISIONING_FILE, sloFile = SLO_FILE): boolean {
  let committed: string;
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    return true;
  }
  return committed !== renderAppProvisioning(sloFile);
}

export function writeAppProvisioning(file = APP_PROVISIONING_FILE, sloFile = SLO_FILE): void {
  writeFileSync(file, renderAppProvisioning(sloFile));
}

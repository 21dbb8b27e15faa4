// Public surface of @perflens/provisioning: the dashboards generated from TypeScript.
export { allDashboards } from './dashboards/all-dashboards';
export {
  renderDashboards,
  staleDashboardFiles,
  writeDashboards,
  DASHBOARDS_DIR,
} from './dashboards/write-dashboards';
export { sloThresholds, type SloThresholds } from './dashboards/kit/slo-thresholds';
export {
  appSettingsFromSloFile,
  renderAppProvisioning,
  isAppProvisioningStale,
  writeAppProvisioning,
  APP_PROVISIONING_FILE,
  type ProvisionedAppSettings,
  type ProvisionedSloObjective,
} from './grafana-app/app-plugin-provisioning';
export {
  renderKubernetesManifests,
  staleKubernetesFiles,
  writeKubernetesManifests,
  KUBERNETES_DIR,
} from './kubernetes/kubernetes-manifests';

// Public surface of @perflens/provisioning: the dashboards generated from TypeScript.
export { allDashboards } from './dashboards/all-dashboards';
export {
  renderDashboards,
  staleDashboardFiles,
  writeDashboards,
  DASHBOARDS_DIR,
} from './dashboards/write-dashboards';
export { sloThresholds, type SloThresholds } from './dashboards/kit/slo-thresholds';

// The uids of the provisioned Grafana dashboards. Links in alert annotations, analysis findings and the
// plugin are built from these; provisioning gives each dashboard its uid from here.

export const DASHBOARD_UIDS = {
  slo: 'perflens-slo',
  api: 'perflens-api',
  nodejs: 'perflens-nodejs',
  database: 'perflens-db',
  postgres: 'perflens-postgres',
  host: 'perflens-host',
  webVitals: 'perflens-web-vitals',
  loadTests: 'perflens-load-tests',
  exporter: 'perflens-exporter',
} as const;

export type DashboardKey = keyof typeof DASHBOARD_UIDS;
export type DashboardUid = (typeof DASHBOARD_UIDS)[DashboardKey];

/** The path Grafana serves a dashboard at: `/d/<uid>` (Grafana adds the slug itself). */
export function dashboardPath(uid: DashboardUid): string {
  return `/d/${uid}`;
}

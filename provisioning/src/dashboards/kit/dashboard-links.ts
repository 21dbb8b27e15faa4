import { dashboardPath, type DashboardUid } from '@perflens/conventions';

/**
 * The URL of a link to another Perflens dashboard: its `/d/<uid>` path (Grafana adds the slug), the
 * time range (`${__url_time_range}`) and the given variables carried over as `var-<name>=${<name>}`.
 */
export function dashboardUrl(uid: DashboardUid, variables: readonly string[] = []): string {
  const query = ['${__url_time_range}', ...variables.map((name) => `var-${name}=\${${name}}`)];
  return `${dashboardPath(uid)}?${query.join('&')}`;
}

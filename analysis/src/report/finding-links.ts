import { DASHBOARD_UIDS, type DashboardUid, dashboardPath } from '@perflens/conventions';
import type { Finding, Layer } from '../findings/finding';

/** Where a finding's links point: the runbook is the check's section in docs/analysis.md. */
export interface LinkBase {
  runbookBaseUrl: string;
  grafanaUrl: string;
}

export const DEFAULT_LINK_BASE: LinkBase = {
  runbookBaseUrl: 'https://github.com/perflens/perflens/blob/main/docs/analysis.md',
  grafanaUrl: '',
};

/** The provisioned dashboard of each layer (finding-links.test.ts checks that provisioning has each). */
export const LAYER_DASHBOARD_UIDS: Readonly<Record<Layer, DashboardUid>> = {
  frontend: DASHBOARD_UIDS.webVitals,
  api: DASHBOARD_UIDS.api,
  runtime: DASHBOARD_UIDS.nodejs,
  'db-client': DASHBOARD_UIDS.database,
  postgres: DASHBOARD_UIDS.postgres,
  host: DASHBOARD_UIDS.host,
  'load-test': DASHBOARD_UIDS.loadTests,
};

/**
 * Each layer dashboard's variables, by the target label each one selects (`http_route` → `var-route`).
 * Target labels a dashboard has no variable for (a statement's queryid, a table's name) stay out of its link:
 * Grafana would ignore them, and the link would look filtered when it is not. finding-links.test.ts checks
 * every entry against the provisioned dashboards' variables and the labels their queries read.
 */
export const LAYER_DASHBOARD_VARIABLES: Readonly<Record<Layer, Readonly<Record<string, string>>>> = {
  frontend: { job: 'job', page: 'page', device_class: 'device_class' },
  api: { job: 'job', instance: 'instance', http_route: 'route' },
  runtime: { job: 'job', instance: 'instance' },
  'db-client': { job: 'job', instance: 'instance', db_client_connection_pool_name: 'pool' },
  postgres: { instance: 'instance', datname: 'datname' },
  host: { instance: 'instance' },
  'load-test': { testid: 'testid' },
};

/**
 * The runbook and dashboard links of a finding: the one place they are written, once the findings are
 * ranked, with the configured Grafana and runbook base. The target labels the layer's dashboard has a
 * variable for become its variables.
 */
export function findingLinks(
  finding: Pick<Finding, 'check' | 'layer' | 'target'>,
  base: LinkBase = DEFAULT_LINK_BASE,
): Finding['links'] {
  const dashboardVariables = LAYER_DASHBOARD_VARIABLES[finding.layer];
  const variables = Object.entries(finding.target)
    .filter(([label]) => dashboardVariables[label] !== undefined)
    .map(([label, value]) => `var-${dashboardVariables[label]}=${encodeURIComponent(value)}`)
    .join('&');
  const dashboard = `${base.grafanaUrl}${dashboardPath(LAYER_DASHBOARD_UIDS[finding.layer])}${variables ? `?${variables}` : ''}`;
  return { runbook: `${base.runbookBaseUrl}#${finding.check.replace(/\./g, '')}`, dashboard };
}

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
 * The runbook and dashboard links of a finding: the one place they are written, once the findings are
 * ranked, with the configured Grafana and runbook base. The target labels become dashboard variables.
 */
export function findingLinks(
  finding: Pick<Finding, 'check' | 'layer' | 'target'>,
  base: LinkBase = DEFAULT_LINK_BASE,
): Finding['links'] {
  const variables = Object.entries(finding.target)
    .map(([name, value]) => `var-${name}=${encodeURIComponent(value)}`)
    .join('&');
  const dashboard = `${base.grafanaUrl}${dashboardPath(LAYER_DASHBOARD_UIDS[finding.layer])}${variables ? `?${variables}` : ''}`;
  return { runbook: `${base.runbookBaseUrl}#${finding.check.replace(/\./g, '')}`, dashboard };
}

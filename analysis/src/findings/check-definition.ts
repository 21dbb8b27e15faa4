import type { Finding, Layer } from './finding';

/**
 * What a check is, shown beside its results the way PgHero puts the explanation and the fix beside each
 * table: docs/analysis.md is generated from these.
 */
export interface CheckMetadata {
  /** `<layer>.<what-it-finds>`, stable: finding ids and runbook anchors start with it. */
  id: string;
  layer: Layer;
  title: string;
  /** Why a user should care, in one or two sentences. */
  whyItMatters: string;
  /** How the impact score is computed. */
  scoring: string;
  /** The thresholds it reads and where their defaults come from. */
  thresholds: string;
  remedy: string;
}

/** Links a finding carries; the runbook is the check's section in docs/analysis.md. */
export interface LinkBase {
  runbookBaseUrl: string;
  grafanaUrl: string;
}

export const DEFAULT_LINK_BASE: LinkBase = {
  runbookBaseUrl: 'https://github.com/perflens/perflens/blob/main/docs/analysis.md',
  grafanaUrl: '',
};

/**
 * Grafana dashboard uid per layer: each must be the uid of a dashboard provisioning generates
 * (provisioning/grafana/dashboards/*.json; check-definition.test.ts fails otherwise).
 */
export const LAYER_DASHBOARD_UIDS: Readonly<Record<Layer, string>> = {
  frontend: 'perflens-web-vitals',
  api: 'perflens-api',
  runtime: 'perflens-nodejs',
  'db-client': 'perflens-db',
  postgres: 'perflens-postgres',
  host: 'perflens-host',
  'load-test': 'perflens-load-tests',
};

/** The runbook and dashboard links of a finding of `check` on `target`. */
export function findingLinks(
  check: CheckMetadata,
  target: Readonly<Record<string, string>>,
  base: LinkBase = DEFAULT_LINK_BASE,
): Finding['links'] {
  const variables = Object.entries(target)
    .map(([name, value]) => `var-${name}=${encodeURIComponent(value)}`)
    .join('&');
  const dashboard = `${base.grafanaUrl}/d/${LAYER_DASHBOARD_UIDS[check.layer]}${variables ? `?${variables}` : ''}`;
  return { runbook: `${base.runbookBaseUrl}#${check.id.replace(/\./g, '')}`, dashboard };
}

/** `<check>/<label>=<value>,...` with labels sorted, so the id does not depend on query order. */
export function findingId(checkId: string, target: Readonly<Record<string, string>>): string {
  const labels = Object.keys(target)
    .sort()
    .map((name) => `${name}=${target[name]}`)
    .join(',');
  return `${checkId}/${labels}`;
}

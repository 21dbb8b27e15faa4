import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** A PromQL query of a panel, located for error messages. */
export interface PanelQuery {
  dashboardUid: string;
  panelTitle: string;
  refId: string;
  expr: string;
  instant: boolean;
}

/** A data source reference anywhere in a dashboard (panel, target, variable). */
export interface DatasourceUse {
  where: string;
  uid: string;
  type: string;
}

/** The Grafana slug of a title (lower case, runs of other characters as one dash), as in /d/<uid>/<slug>. */
export function grafanaSlug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

type AnyPanel = dashboard.Panel & { panels?: dashboard.Panel[]; type: string };

/** Panels including those nested in collapsed rows; rows themselves excluded. */
export function panelsOf(d: dashboard.Dashboard): dashboard.Panel[] {
  const all = (d.panels ?? []) as AnyPanel[];
  return all.flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]));
}

/** Every PromQL expression of every panel. */
export function queriesOf(d: dashboard.Dashboard): PanelQuery[] {
  return panelsOf(d).flatMap((panel) =>
    ((panel.targets ?? []) as Array<{ expr?: string; refId?: string; instant?: boolean }>).map((t) => ({
      dashboardUid: d.uid ?? '',
      panelTitle: panel.title ?? '',
      refId: t.refId ?? '',
      expr: t.expr ?? '',
      instant: t.instant === true,
    })),
  );
}

/** Data source references of panels, their targets and the query variables. */
export function datasourcesOf(d: dashboard.Dashboard): DatasourceUse[] {
  const uses: DatasourceUse[] = [];
  const add = (where: string, ref: { uid?: string; type?: string } | undefined) => {
    if (ref) uses.push({ where, uid: ref.uid ?? '', type: ref.type ?? '' });
  };
  for (const panel of panelsOf(d)) {
    add(`panel "${panel.title}"`, panel.datasource);
    for (const t of (panel.targets ?? []) as Array<{
      datasource?: { uid?: string; type?: string };
      refId?: string;
    }>) {
      add(`panel "${panel.title}" query ${t.refId}`, t.datasource);
    }
  }
  for (const v of d.templating?.list ?? []) {
    if (v.type === 'query') add(`variable ${v.name}`, v.datasource as { uid?: string; type?: string });
  }
  return uses;
}

/** URLs of panel links and dashboard links. */
export function linkUrlsOf(d: dashboard.Dashboard): string[] {
  const panelLinks = panelsOf(d).flatMap((p) => (p.links ?? []).map((l) => l.url ?? ''));
  const dashboardLinks = (d.links ?? []).filter((l) => l.type === 'link').map((l) => l.url ?? '');
  return [...panelLinks, ...dashboardLinks];
}

/** Names of the dashboard's template variables. */
export function variableNamesOf(d: dashboard.Dashboard): string[] {
  return (d.templating?.list ?? []).map((v) => v.name);
}

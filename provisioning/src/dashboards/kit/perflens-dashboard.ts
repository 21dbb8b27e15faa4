import type { DashboardUid } from '@perflens/conventions';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { datasourceVariable } from './variables';

/** Every Perflens dashboard carries this tag; the "Perflens" link menu lists them by it. */
export const PERFLENS_TAG = 'perflens';

/** A section of a dashboard: a row title and its panels. */
export interface Section {
  title: string;
  panels: Array<cog.Builder<dashboard.Panel>>;
}

/** What one Perflens dashboard is made of. */
export interface DashboardSpec {
  /** One of conventions' DASHBOARD_UIDS, which alert rules, findings and the plugin link to. */
  uid: DashboardUid;
  title: string;
  description: string;
  tags: string[];
  variables: Array<cog.Builder<dashboard.VariableModel>>;
  sections: Section[];
}

/**
 * Builds a dashboard with the shared conventions: the datasource variable first, a "Perflens" dropdown
 * of every dashboard (keeping time range and variables, so job and instance carry over), 1 h range,
 * 30 s refresh, and panel ids numbered in order (the SDK leaves them out; unique ids keep links and
 * `viewPanel` URLs stable).
 */
export function buildDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([PERFLENS_TAG, ...spec.tags])
    .editable()
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable())
    .link(
      new dashboard.DashboardLinkBuilder('Perflens')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([PERFLENS_TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  for (const variable of spec.variables) builder.withVariable(variable);
  for (const section of spec.sections) {
    builder.withRow(new dashboard.RowBuilder(section.title));
    for (const panel of section.panels) builder.withPanel(panel);
  }
  const built = builder.build();
  (built.panels ?? []).forEach((panel, index) => {
    panel.id = index + 1;
  });
  return { ...built, id: null as unknown as undefined };
}

import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as common from '@grafana/grafana-foundation-sdk/common';

/** Every panel queries the data source picked in the dashboard's `datasource` variable. */
export const PROMETHEUS = { type: 'prometheus', uid: '${datasource}' };

export type ThresholdColor = 'green' | 'yellow' | 'orange' | 'red';

/** One PromQL query of a panel, with its legend. */
export interface Query {
  expr: string;
  legend?: string;
}

/** What every panel declares: a title that says what it shows, a unit, and optional thresholds. */
export interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  queries: Query[];
  /** Ascending [value, color] steps above the base (green); from the SLO file or the alert rules. */
  thresholds?: Array<[number, ThresholdColor]>;
  /** Colour below the first step; red for "higher is better" values such as budget left. */
  baseColor?: ThresholdColor;
  /** Panel links, e.g. to the drill-down dashboard of what the panel shows. */
  links?: Array<{ title: string; url: string }>;
  width?: number;
  height?: number;
  min?: number;
  max?: number;
}

function targets(queries: Query[], instant: boolean): cog.Builder<cog.Dataquery>[] {
  return queries.map((query, index) => {
    const target = new DataqueryBuilder()
      .expr(query.expr)
      .legendFormat(query.legend ?? '__auto')
      .refId(String.fromCharCode(65 + index))
      .datasource(PROMETHEUS);
    return instant ? target.instant().format(PromQueryFormat.Table) : target.range();
  });
}

function thresholdSteps(spec: PanelSpec): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([
      { value: null as unknown as number, color: spec.baseColor ?? 'green' },
      ...(spec.thresholds ?? []).map(([value, color]) => ({ value, color })),
    ]);
}

function panelLinks(spec: PanelSpec): dashboard.DashboardLinkBuilder[] {
  return (spec.links ?? []).map((link) =>
    new dashboard.DashboardLinkBuilder(link.title).url(link.url).type(dashboard.DashboardLinkType.Link),
  );
}

/** A time series of rates or latencies, legend as a table so long route names stay readable. */
export function timeseriesPanel(spec: PanelSpec): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .targets(targets(spec.queries, false))
    .thresholds(thresholdSteps(spec))
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .fillOpacity(10)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8);
  if (spec.thresholds)
    panel.thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line),
    );
  if (spec.links) panel.links(panelLinks(spec));
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  return panel;
}

/** One number now, coloured by its thresholds. */
export function statPanel(spec: PanelSpec): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .targets(targets(spec.queries, false))
    .thresholds(thresholdSteps(spec))
    .colorMode(common.BigValueColorMode.Background)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
    .span(spec.width ?? 6)
    .height(spec.height ?? 4);
  if (spec.links) panel.links(panelLinks(spec));
  return panel;
}

/** The current value per series, as rows (top statements, per-route tables). */
export function tablePanel(spec: PanelSpec): table.PanelBuilder {
  const panel = new table.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .targets(targets(spec.queries, true))
    .thresholds(thresholdSteps(spec))
    .span(spec.width ?? 24)
    .height(spec.height ?? 8);
  if (spec.links) panel.links(panelLinks(spec));
  return panel;
}

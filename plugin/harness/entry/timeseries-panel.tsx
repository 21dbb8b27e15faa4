import React from 'react';
import { FieldColorModeId, FieldConfigProperty, PanelPlugin, type PanelProps } from '@grafana/data';
import { TimeSeries } from '@grafana/ui';
import { passThroughOption } from './standard-field-config';

/** Custom options of Grafana's time series panel that the app's evidence charts set. */
const CUSTOM_OPTIONS: Array<[string, unknown]> = [
  ['axisLabel', ''],
  ['axisPlacement', 'auto'],
  ['thresholdsStyle', { mode: 'off' }],
];

/**
 * Grafana's core panels live in Grafana's own code, not in npm packages, so the harness registers a time
 * series panel of its own on @grafana/ui's uPlot TimeSeries for the VizPanels the app builds.
 */
function HarnessTimeSeriesPanel({ data, width, height, timeRange, timeZone }: PanelProps) {
  if (data.series.length === 0) {
    return <div className="panel-empty">No data</div>;
  }
  // uPlot draws the axes on a canvas; the container also names what the y axis shows (its label and unit,
  // as Grafana's panel draws them) so browser tests can read them.
  const valueField = data.series[0]?.fields.find((field) => field.type === 'number');
  return (
    <div
      data-testid="harness-timeseries"
      data-axis-label={valueField?.config.custom?.axisLabel ?? ''}
      data-unit={valueField?.config.unit ?? ''}
    >
      <TimeSeries
        frames={data.series}
        width={width}
        height={height}
        timeRange={timeRange}
        timeZone={timeZone}
        legend={{ showLegend: false, displayMode: 'list' as never, placement: 'bottom', calcs: [] }}
      />
    </div>
  );
}

export const timeSeriesPanel = new PanelPlugin(HarnessTimeSeriesPanel).useFieldConfig({
  // Grafana's time series panel colours series from the classic palette unless told otherwise.
  standardOptions: { [FieldConfigProperty.Color]: { defaultValue: { mode: FieldColorModeId.PaletteClassic } } },
  useCustomConfig: (builder) => {
    for (const [id, defaultValue] of CUSTOM_OPTIONS) {
      builder.addCustomEditor({ ...passThroughOption(id, defaultValue), editor: () => null });
    }
  },
});
timeSeriesPanel.meta = {
  id: 'timeseries',
  name: 'Time series',
  type: 'panel',
  sort: 0,
  module: '',
  baseUrl: '',
  info: {
    author: { name: 'harness' },
    description: '',
    links: [],
    logos: { small: '', large: '' },
    screenshots: [],
    updated: '',
    version: '',
  },
} as never;

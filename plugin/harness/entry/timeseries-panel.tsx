import React from 'react';
import { PanelPlugin, type PanelProps } from '@grafana/data';
import { TimeSeries } from '@grafana/ui';

/**
 * Grafana's core panels live in Grafana's own code, not in npm packages, so the harness registers a time
 * series panel of its own on @grafana/ui's uPlot TimeSeries for the VizPanels the app builds.
 */
function HarnessTimeSeriesPanel({ data, width, height, timeRange, timeZone }: PanelProps) {
  if (data.series.length === 0) {
    return <div className="panel-empty">No data</div>;
  }
  return (
    <TimeSeries
      frames={data.series}
      width={width}
      height={height}
      timeRange={timeRange}
      timeZone={timeZone}
      legend={{ showLegend: false, displayMode: 'list' as never, placement: 'bottom', calcs: [] }}
    />
  );
}

export const timeSeriesPanel = new PanelPlugin(HarnessTimeSeriesPanel).useFieldConfig();
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

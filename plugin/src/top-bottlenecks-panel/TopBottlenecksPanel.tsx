import React, { useEffect, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import type { PanelProps } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import type { AnalysisReport } from '@perflens/analysis/engine';
import { createAnalysisService } from '../shared/analysis-service';
import { readAppSettings } from '../shared/app-settings';
import { FindingsTable } from '../shared/FindingsTable';

export interface TopBottlenecksOptions {
  job: string;
  limit: number;
}

const APP_ID = 'perflens-insights-app';

/** The app's settings (jsonData only; Grafana never returns secureJsonData). */
async function appSettings() {
  const response = await lastValueFrom(
    getBackendSrv().fetch<{ jsonData?: object }>({ url: `/api/plugins/${APP_ID}/settings`, showErrorAlert: false })
  );
  return readAppSettings(response.data.jsonData);
}

/** The Perflens findings of the dashboard's range, highest impact first, linking into the app. */
export function TopBottlenecksPanel({
  options,
  timeRange,
  replaceVariables,
  width,
  height,
}: PanelProps<TopBottlenecksOptions>) {
  const [state, setState] = useState<{ report?: AnalysisReport; error?: string }>({});
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();
  const jobOption = replaceVariables(options.job ?? '');

  useEffect(() => {
    let current = true;
    setState({});
    (async () => {
      const settings = await appSettings();
      const job = jobOption && !jobOption.startsWith('$') ? jobOption : settings.jobs[0]!;
      const endSeconds = Math.floor(to / 1000);
      const report = await createAnalysisService(settings, getBackendSrv()).analyze({
        job,
        endSeconds,
        rangeSeconds: Math.max(60, endSeconds - Math.floor(from / 1000)),
      });
      return report;
    })().then(
      (report) => current && setState({ report }),
      (error) => current && setState({ error: error instanceof Error ? error.message : String(error) })
    );
    return () => {
      current = false;
    };
  }, [from, to, jobOption]);

  if (state.error) {
    return (
      <Alert title="Perflens analysis failed" severity="error">
        {state.error}
      </Alert>
    );
  }
  if (!state.report) {
    return <LoadingPlaceholder text="Analysing metrics…" />;
  }
  const params = `from=${from}&to=${to}&var-job=${encodeURIComponent(state.report.scope.job)}`;
  return (
    <div style={{ width, height, overflow: 'auto' }}>
      <FindingsTable
        findings={state.report.findings.slice(0, options.limit || 5)}
        hrefOf={(f) => `/a/${APP_ID}/bottlenecks/finding/${encodeURIComponent(f.id)}?${params}`}
      />
    </div>
  );
}

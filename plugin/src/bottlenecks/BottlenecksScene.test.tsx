import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { act, render, screen, within } from '@testing-library/react';
import type { AnalysisReport, AnalysisScope, PrometheusClient } from '@perflens/analysis/engine';
import type { AnalysisService } from '../shared/analysis-service';
import { analysisScene } from '../shared/analysis-scene';
import { DEFAULT_SETTINGS } from '../shared/app-settings';
import { exampleReport, manyFindings } from '../shared/finding-examples';
import { testIds } from '../shared/test-ids';
import { BottlenecksScene } from './BottlenecksScene';

/** A service whose analysis the test settles by hand, recording the scopes it was asked for. */
function pendingService(jobHasData = true) {
  const scopes: AnalysisScope[] = [];
  let settle: { resolve: (r: AnalysisReport) => void; reject: (e: Error) => void } | undefined;
  const service: AnalysisService = {
    settings: { ...DEFAULT_SETTINGS, jobs: ['demo-api', 'shop-api'] },
    client: {} as PrometheusClient,
    rangeMemory: {},
    jobHasData: async () => jobHasData,
    analyze: (scope) => {
      scopes.push(scope);
      return new Promise((resolve, reject) => (settle = { resolve, reject }));
    },
  };
  return { service, scopes, settle: () => settle! };
}

function renderScene(service: AnalysisService) {
  const scene = analysisScene(service, new BottlenecksScene());
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return scene;
}

describe('Bottlenecks page scene', () => {
  it('analyses the first service over the last hour, shows loading, then every finding in rank order', async () => {
    const { service, scopes, settle } = pendingService();
    renderScene(service);
    expect(await screen.findByTestId(testIds.analysisLoading)).toBeInTheDocument();
    expect(scopes).toHaveLength(1);
    expect(scopes[0]).toMatchObject({ job: 'demo-api', rangeSeconds: 3600 });

    await act(async () => settle().resolve(exampleReport(manyFindings(40))));
    const rows = within(await screen.findByTestId(testIds.findingsTable)).getAllByRole('row');
    expect(rows).toHaveLength(41);
    expect(within(rows[1]!).getByRole('link')).toHaveTextContent('Finding number 0');
  });

  it('says no bottleneck was found when the report is empty', async () => {
    const { service, settle } = pendingService();
    renderScene(service);
    await act(async () => settle().resolve(exampleReport([])));
    expect(await screen.findByTestId(testIds.findingsEmpty)).toHaveTextContent(
      'No bottlenecks found in this time range.'
    );
  });

  it('says the job has no data in the range, not that it is healthy, when Prometheus holds none of it', async () => {
    const { service, settle } = pendingService(false);
    renderScene(service);
    await act(async () => settle().resolve(exampleReport([])));
    expect(await screen.findByTestId(testIds.noData)).toHaveTextContent('No data for job demo-api in this range');
    expect(screen.queryByTestId(testIds.findingsEmpty)).toBeNull();
  });

  it('shows the engine error when Prometheus cannot be reached', async () => {
    const { service, settle } = pendingService();
    renderScene(service);
    await act(async () =>
      settle().reject(new Error('Prometheus at /api/datasources/proxy/uid/prometheus is unreachable: HTTP 502'))
    );
    expect(await screen.findByTestId(testIds.analysisError)).toHaveTextContent(
      'Prometheus at /api/datasources/proxy/uid/prometheus is unreachable: HTTP 502'
    );
  });
});

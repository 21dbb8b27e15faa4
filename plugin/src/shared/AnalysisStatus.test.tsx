import React from 'react';
import { render, screen } from '@testing-library/react';
import { AnalysisStatus } from './AnalysisStatus';
import { exampleReport } from './finding-examples';
import { testIds } from './test-ids';

describe('AnalysisStatus', () => {
  it.each([
    ['loading while the analysis runs', { status: 'loading' as const }, testIds.analysisLoading, 'Analysing metrics…'],
    [
      'the reason when the analysis failed',
      {
        status: 'error' as const,
        error: 'Prometheus at /api/datasources/proxy/uid/prometheus/api/v1/query is unreachable: HTTP 502',
      },
      testIds.analysisError,
      'The analysis could not runPrometheus at /api/datasources/proxy/uid/prometheus/api/v1/query is unreachable: HTTP 502',
    ],
  ])('shows %s', (_title, state, testId, text) => {
    render(<AnalysisStatus state={state}>{() => <p>report</p>}</AnalysisStatus>);
    expect(screen.getByTestId(testId)).toHaveTextContent(text);
    expect(screen.queryByText('report')).toBeNull();
  });

  it('says which job, databases and hosts the analysis read', () => {
    const report = exampleReport([], {
      resolvedScope: {
        job: 'demo-api',
        instances: ['api-1:3000'],
        databases: { names: ['shop'], source: 'labels', note: 'shop (the databases whose statements the job runs)' },
        hosts: { source: 'all', note: 'every host in Prometheus: none has node metrics' },
        warnings: [],
      },
    });
    render(<AnalysisStatus state={{ status: 'done', report }}>{() => <p>report</p>}</AnalysisStatus>);
    expect(screen.getByTestId(testIds.scope)).toHaveTextContent(
      'Scope: demo-api (1 instance: api-1:3000)' +
        'databases: shop (the databases whose statements the job runs)' +
        'hosts: every host in Prometheus: none has node metrics'
    );
  });

  it('renders the report and names the layers it had to skip', () => {
    const report = exampleReport([], {
      skippedLayers: [{ layer: 'postgres', reason: 'query failed (bad_data): parse error' }],
    });
    render(
      <AnalysisStatus state={{ status: 'done', report }}>
        {(r) => <p>{`${r.findings.length} findings`}</p>}
      </AnalysisStatus>
    );
    expect(screen.getByText('0 findings')).toBeInTheDocument();
    expect(screen.getByText('PostgreSQL: query failed (bad_data): parse error')).toBeInTheDocument();
  });
});

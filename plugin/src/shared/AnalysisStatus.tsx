import React, { type ReactNode } from 'react';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { type AnalysisReport, type ScopeReport, scopeFacts } from '@perflens/analysis/engine';
import type { AnalysisRunnerState } from './AnalysisRunner';
import { LAYER_NAMES } from './layer-names';
import { testIds } from './test-ids';

interface Props {
  state: Pick<AnalysisRunnerState, 'status' | 'report' | 'error' | 'noData'>;
  children: (report: AnalysisReport) => ReactNode;
}

/**
 * The analysis' loading and error states around a view of its report, which layers it had to skip, and, when
 * Prometheus holds nothing of the job in the range, that: no data is not health. Without any finding (from the
 * layers read from other jobs, the database and the host) the notice replaces the report.
 */
export function AnalysisStatus({ state, children }: Props) {
  if (state.status === 'error') {
    return (
      <Alert title="The analysis could not run" severity="error" data-testid={testIds.analysisError}>
        {state.error}
      </Alert>
    );
  }
  if (state.status === 'loading' || !state.report) {
    return <LoadingPlaceholder text="Analysing metrics…" data-testid={testIds.analysisLoading} />;
  }
  const noData = state.noData ? <NoDataNotice job={state.report.scope.job} /> : null;
  if (noData && state.report.findings.length === 0) {
    return noData;
  }
  const skipped = state.report.skippedLayers;
  return (
    <>
      {noData}
      {skipped.length > 0 && (
        <Alert title="Some layers were not analysed" severity="warning">
          {skipped.map((s) => (
            <div key={s.layer}>
              {LAYER_NAMES[s.layer as keyof typeof LAYER_NAMES] ?? s.layer}: {s.reason}
            </div>
          ))}
        </Alert>
      )}
      {children(state.report)}
      {state.report.resolvedScope && <ScopeDetails scope={state.report.resolvedScope} />}
    </>
  );
}

/**
 * What the analysis read, as the CLI prints it: the job's instances, and the databases and hosts it judged
 * with the reason (mapped from labels, configured, or all of them), so a shared Prometheus is no surprise.
 */
function ScopeDetails({ scope }: { scope: ScopeReport }) {
  const facts = scopeFacts(scope);
  return (
    <details data-testid={testIds.scope}>
      <summary>Scope: {facts[0]?.value}</summary>
      <ul>
        {facts.slice(1).map((fact) => (
          <li key={fact.name}>
            {fact.name}: {fact.value}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Prometheus holds no series of the job in the range: what is missing, and where to look. */
function NoDataNotice({ job }: { job: string }) {
  return (
    <Alert title={`No data for job ${job} in this range`} severity="info" data-testid={testIds.noData}>
      Prometheus has no series with job=&quot;{job}&quot; in the selected time range, so its API, runtime and database
      client were not judged, nor its databases and hosts, which are found through its series. Pick another range or
      service, or check that Prometheus scrapes this job.
    </Alert>
  );
}

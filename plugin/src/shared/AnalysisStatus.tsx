import React, { type ReactNode } from 'react';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import type { AnalysisReport } from '@perflens/analysis/engine';
import type { AnalysisRunnerState } from './AnalysisRunner';
import { LAYER_NAMES } from './layer-names';
import { testIds } from './test-ids';

interface Props {
  state: Pick<AnalysisRunnerState, 'status' | 'report' | 'error'>;
  children: (report: AnalysisReport) => ReactNode;
}

/** The analysis' loading and error states around a view of its report, and which layers it had to skip. */
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
  const skipped = state.report.skippedLayers;
  return (
    <>
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
    </>
  );
}

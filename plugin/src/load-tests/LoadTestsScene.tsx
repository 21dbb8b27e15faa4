import React from 'react';
import { type SceneComponentProps, SceneObjectBase, type SceneObjectState } from '@grafana/scenes';
import { Alert, InlineField, InlineFieldRow, Select } from '@grafana/ui';
import { AnalysisRunner } from '../shared/AnalysisRunner';
import { AnalysisStatus } from '../shared/AnalysisStatus';
import { findingUrl } from '../shared/scene-links';
import { LoadTestSummary } from './LoadTestSummary';

/** k6 runs streamed with remote write carry a `testid` label (k6-scripts/README.md); 30 days back, as the CLI looks. */
export const TEST_RUNS_QUERY = 'group by (testid) (last_over_time(k6_http_reqs_total[30d]))';

interface LoadTestsState extends SceneObjectState {
  testids?: string[];
  error?: string;
}

/** Pick a k6 run and a baseline; the engine judges the run over its own time window. */
export class LoadTestsScene extends SceneObjectBase<LoadTestsState> {
  static Component = LoadTestsRenderer;

  constructor() {
    super({});
    this.addActivationHandler(() => {
      this.loadTestRuns();
    });
  }

  private async loadTestRuns() {
    const runner = AnalysisRunner.find(this);
    try {
      const series = await runner.service.client.query(TEST_RUNS_QUERY, runner.scope().endSeconds);
      const testids = series.map((s) => s.labels.testid).filter((id): id is string => Boolean(id));
      this.setState({ testids: [...new Set(testids)].sort(), error: undefined });
    } catch (error) {
      this.setState({ testids: [], error: error instanceof Error ? error.message : String(error) });
    }
  }

  pick = (testid: string | undefined, baselineTestid: string | undefined) => {
    AnalysisRunner.find(this).setTestRun(testid, baselineTestid === testid ? undefined : baselineTestid);
  };
}

function LoadTestsRenderer({ model }: SceneComponentProps<LoadTestsScene>) {
  const { testids, error } = model.useState();
  const runner = AnalysisRunner.find(model);
  const state = runner.useState();
  const options = (testids ?? []).map((id) => ({ label: id, value: id }));
  return (
    <div>
      {error && (
        <Alert title="Test runs unavailable" severity="warning">
          {error}
        </Alert>
      )}
      <InlineFieldRow>
        <InlineField label="Test run" htmlFor="perflens-testid">
          <Select
            inputId="perflens-testid"
            width={32}
            isLoading={!testids}
            placeholder="Pick a k6 run"
            options={options}
            value={state.testid ?? null}
            onChange={(option) => model.pick(option?.value, state.baselineTestid)}
          />
        </InlineField>
        <InlineField label="Baseline" htmlFor="perflens-baseline">
          <Select
            inputId="perflens-baseline"
            width={32}
            isClearable
            placeholder="No baseline"
            options={options.filter((o) => o.value !== state.testid)}
            value={state.baselineTestid ?? null}
            onChange={(option) => model.pick(state.testid, option?.value)}
          />
        </InlineField>
      </InlineFieldRow>
      {testids && testids.length === 0 && !error && <p>No k6 run in the last 30 days of this Prometheus.</p>}
      {state.testid && (
        <AnalysisStatus state={state}>
          {(report) => <LoadTestSummary report={report} hrefOf={(f) => findingUrl(model, f.id)} />}
        </AnalysisStatus>
      )}
    </div>
  );
}

import React from 'react';
import { type SceneComponentProps, sceneGraph, SceneObjectBase, type SceneObjectState } from '@grafana/scenes';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, InlineField, InlineFieldRow, Select, useStyles2 } from '@grafana/ui';
import { AnalysisRunner } from '../shared/AnalysisRunner';
import { AnalysisStatus } from '../shared/AnalysisStatus';
import { findingUrl } from '../shared/scene-links';
import { testIds } from '../shared/test-ids';
import { LoadTestSummary } from './LoadTestSummary';

/** k6 runs streamed with remote write carry a `testid` label (k6-scripts/README.md); those with samples in the range. */
export function testRunsQuery(rangeSeconds: number): string {
  return `group by (testid) (last_over_time(k6_http_reqs_total[${Math.max(1, Math.round(rangeSeconds))}s]))`;
}

/** What the page says when the range holds no run: what is missing and how to make one. */
export const NO_TEST_RUNS_TEXT =
  'No k6 runs with a testid in this range — run `npm run k6:smoke` (it remote-writes to Prometheus with a ' +
  'testid tag, see k6-scripts/README.md), or widen the time range.';

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
      const subscription = sceneGraph.getTimeRange(this).subscribeToState(() => this.loadTestRuns());
      return () => subscription.unsubscribe();
    });
  }

  private async loadTestRuns() {
    const runner = AnalysisRunner.find(this);
    try {
      const { endSeconds, rangeSeconds } = runner.scope();
      const series = await runner.service.client.query(testRunsQuery(rangeSeconds), endSeconds);
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
  const styles = useStyles2(getStyles);
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
      {testids && testids.length === 0 && !error && (
        <p className={styles.empty} data-testid={testIds.loadTestsEmpty}>
          {NO_TEST_RUNS_TEXT}
        </p>
      )}
      {testids && testids.length > 0 && !state.testid && (
        <p className={styles.empty} data-testid={testIds.loadTestsEmpty}>
          {testids.length} k6 run{testids.length === 1 ? '' : 's'} in this range: pick one to judge it against the SLO
          thresholds, and a baseline to compare it with.
        </p>
      )}
      {state.testid && (
        <AnalysisStatus state={state}>
          {(report) => <LoadTestSummary report={report} hrefOf={(f) => findingUrl(model, f.id)} />}
        </AnalysisStatus>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  empty: css({ color: theme.colors.text.secondary, padding: theme.spacing(2, 0) }),
});

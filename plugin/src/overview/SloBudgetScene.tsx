import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { type SceneComponentProps, SceneObjectBase, type SceneObjectState } from '@grafana/scenes';
import { Alert, useStyles2 } from '@grafana/ui';
import type { PromSeries } from '@perflens/analysis/engine';
import { selector, SLO_BUDGET_REMAINING } from '@perflens/conventions';
import { AnalysisRunner } from '../shared/AnalysisRunner';
import { testIds } from '../shared/test-ids';

export interface SloBudget {
  slo: string;
  remainingRatio: number;
}

interface SloBudgetState extends SceneObjectState {
  budgets?: SloBudget[];
  error?: string;
}

/** The error budget left per SLO of the service, read from the SLO recording rules at the range's end. */
export class SloBudgetScene extends SceneObjectBase<SloBudgetState> {
  static Component = SloBudgetRenderer;

  constructor(state: Partial<SloBudgetState> = {}) {
    super(state);
    this.addActivationHandler(() => {
      const runner = AnalysisRunner.find(this);
      const subscription = runner.subscribeToState((state, previous) => {
        if (state.report !== previous.report) {
          this.load(runner);
        }
      });
      this.load(runner);
      return () => subscription.unsubscribe();
    });
  }

  private async load(runner: AnalysisRunner) {
    const scope = runner.scope();
    try {
      // Recorded by alert-rules' SLO generator: 1 − error ratio over the SLO period ÷ budget.
      const series = await runner.service.client.query(
        selector(SLO_BUDGET_REMAINING, { job: scope.job }),
        scope.endSeconds
      );
      this.setState({ budgets: toBudgets(series), error: undefined });
    } catch (error) {
      this.setState({ error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function toBudgets(series: PromSeries[]): SloBudget[] {
  return series
    .map((s) => ({ slo: s.labels.slo ?? s.labels.__name__ ?? 'slo', remainingRatio: s.value }))
    .sort((a, b) => a.slo.localeCompare(b.slo));
}

function SloBudgetRenderer({ model }: SceneComponentProps<SloBudgetScene>) {
  const { budgets, error } = model.useState();
  return <SloBudgetList budgets={budgets} error={error} />;
}

/** Bars of the budget left per SLO; red once it is spent. */
export function SloBudgetList({ budgets, error }: { budgets?: SloBudget[]; error?: string }) {
  const styles = useStyles2(getStyles);
  if (error) {
    return (
      <Alert title="Error budgets unavailable" severity="warning">
        {error}
      </Alert>
    );
  }
  if (!budgets) {
    return null;
  }
  if (budgets.length === 0) {
    return <p className={styles.muted}>No SLO recording rules for this service (alert-rules/slo.yaml).</p>;
  }
  return (
    <ul className={styles.list} data-testid={testIds.sloBudget} aria-label="Error budget remaining per SLO">
      {budgets.map(({ slo, remainingRatio }) => {
        const percent = Math.round(remainingRatio * 1000) / 10;
        const width = remainingRatio > 0 ? Math.min(100, percent) : 100;
        return (
          <li key={slo} className={styles.row}>
            <span className={styles.name}>{slo}</span>
            <span className={styles.track} aria-hidden>
              <span className={remainingRatio > 0 ? styles.fill : styles.spent} style={{ width: `${width}%` }} />
            </span>
            <span className={styles.value}>{remainingRatio > 0 ? `${percent}% left` : `spent (${percent}%)`}</span>
          </li>
        );
      })}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', padding: 0, margin: theme.spacing(0, 0, 2) }),
  row: css({
    display: 'grid',
    gridTemplateColumns: '160px 1fr 100px',
    gap: theme.spacing(1),
    alignItems: 'center',
    marginBottom: theme.spacing(0.5),
  }),
  name: css({ fontWeight: theme.typography.fontWeightMedium }),
  track: css({ height: 12, background: theme.colors.background.secondary, borderRadius: 6, overflow: 'hidden' }),
  fill: css({ display: 'block', height: '100%', background: theme.colors.success.main }),
  spent: css({ display: 'block', height: '100%', background: theme.colors.error.main }),
  value: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
  muted: css({ color: theme.colors.text.secondary }),
});

import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { type SceneComponentProps, SceneObjectBase, type SceneObjectState } from '@grafana/scenes';
import { TextLink, useStyles2 } from '@grafana/ui';
import { ROUTES } from '../constants';
import { AnalysisRunner } from '../shared/AnalysisRunner';
import { AnalysisStatus } from '../shared/AnalysisStatus';
import { FindingsTable } from '../shared/FindingsTable';
import { findingUrl, pageUrl } from '../shared/scene-links';
import { LayerHealth } from './LayerHealth';
import { SloBudgetScene } from './SloBudgetScene';

/** How many findings the overview lists before pointing at the Bottlenecks page. */
const TOP_FINDINGS = 5;

interface OverviewState extends SceneObjectState {
  budgets: SloBudgetScene;
}

/** Health per layer, error budget per SLO, and the top findings of the service. */
export class OverviewScene extends SceneObjectBase<OverviewState> {
  static Component = OverviewRenderer;

  constructor() {
    super({ budgets: new SloBudgetScene() });
  }
}

function OverviewRenderer({ model }: SceneComponentProps<OverviewScene>) {
  const styles = useStyles2(getStyles);
  const { budgets } = model.useState();
  const state = AnalysisRunner.find(model).useState();
  return (
    <div>
      <h2 className={styles.heading}>Error budget</h2>
      <budgets.Component model={budgets} />
      <AnalysisStatus state={state}>
        {(report) => (
          <>
            <h2 className={styles.heading}>Health per layer</h2>
            <LayerHealth report={report} noData={state.noData} />
            <h2 className={styles.heading}>Top findings</h2>
            <FindingsTable findings={report.findings.slice(0, TOP_FINDINGS)} hrefOf={(f) => findingUrl(model, f.id)} />
            {report.findings.length > TOP_FINDINGS && (
              <TextLink href={pageUrl(model, ROUTES.Bottlenecks)} inline={false}>
                {`All ${report.findings.length} findings`}
              </TextLink>
            )}
          </>
        )}
      </AnalysisStatus>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  heading: css({ fontSize: theme.typography.h4.fontSize, margin: theme.spacing(2, 0, 1) }),
});

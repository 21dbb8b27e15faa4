import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  type SceneComponentProps,
  type SceneFlexLayout,
  SceneObjectBase,
  type SceneObjectState,
} from '@grafana/scenes';
import { Alert, useStyles2 } from '@grafana/ui';
import type { Finding } from '@perflens/analysis/engine';
import type { AcknowledgeScene } from '../../acknowledge/AcknowledgeScene';
import { AnalysisRunner } from '../../shared/AnalysisRunner';
import { AnalysisStatus } from '../../shared/AnalysisStatus';
import { LAYER_NAMES } from '../../shared/layer-names';
import { RecommendationCard } from '../../shared/RecommendationCard';
import { dashboardUrl, exploreUrl, findingUrl } from '../../shared/scene-links';
import { SeverityBadge } from '../../shared/SeverityBadge';
import { testIds } from '../../shared/test-ids';
import { CauseChain } from './CauseChain';
import { evidenceLayout } from './evidence-panels';
import { FindingLinks } from './FindingLinks';
import { ScoreExplanation } from './ScoreExplanation';

interface FindingState extends SceneObjectState {
  findingId: string;
  acknowledge: AcknowledgeScene;
  /** Evidence charts, built once the report holds the finding. */
  charts?: SceneFlexLayout;
}

/** One finding: evidence over the range, why it scores what it does, its causes, what to do, and acknowledging it. */
export class FindingScene extends SceneObjectBase<FindingState> {
  static Component = FindingRenderer;

  constructor(state: Pick<FindingState, 'findingId' | 'acknowledge'>) {
    super(state);
    this.addActivationHandler(() => {
      const runner = AnalysisRunner.find(this);
      const subscription = runner.subscribeToState((state, previous) => {
        if (state.report !== previous.report) {
          this.buildCharts(runner);
        }
      });
      this.buildCharts(runner);
      return () => subscription.unsubscribe();
    });
  }

  private buildCharts(runner: AnalysisRunner) {
    const finding = runner.state.report?.findings.find((f) => f.id === this.state.findingId);
    if (finding && !this.state.charts) {
      this.setState({ charts: evidenceLayout(finding, runner.service.settings.prometheusUid) });
    }
  }
}

function FindingRenderer({ model }: SceneComponentProps<FindingScene>) {
  const styles = useStyles2(getStyles);
  const { findingId, acknowledge, charts } = model.useState();
  const runner = AnalysisRunner.find(model);
  const state = runner.useState();
  const { prometheusUid } = runner.service.settings;
  return (
    <AnalysisStatus state={state}>
      {(report) => {
        const finding = report.findings.find((f) => f.id === findingId);
        if (!finding) {
          return (
            <Alert title="Not found in this time range" severity="info">
              {`The engine reported no finding ${findingId} for this service and time range.`}
            </Alert>
          );
        }
        return (
          <div className={styles.page}>
            <FindingHeader finding={finding} />
            <section data-testid={testIds.evidenceCharts} aria-label="Evidence over the time range">
              {charts && <charts.Component model={charts} />}
            </section>
            <div className={styles.columns}>
              <ScoreExplanation finding={finding} />
              <CauseChain finding={finding} findings={report.findings} hrefOf={(id) => findingUrl(model, id)} />
            </div>
            <section aria-labelledby="perflens-recommendations-heading">
              <h3 id="perflens-recommendations-heading">Recommendations</h3>
              {finding.recommendations.map((r) => (
                <RecommendationCard key={r.action} recommendation={r} />
              ))}
            </section>
            <FindingLinks
              dashboardHref={dashboardUrl(model, finding)}
              runbookHref={finding.links.runbook}
              exploreHrefs={finding.evidence
                .filter((e) => e.query !== '')
                .map((e) => ({ label: e.label, href: exploreUrl(model, prometheusUid, e.query) }))}
            />
            <acknowledge.Component model={acknowledge} />
          </div>
        );
      }}
    </AnalysisStatus>
  );
}

function FindingHeader({ finding }: { finding: Finding }) {
  return (
    <header>
      <h2 data-testid={testIds.findingTitle}>{finding.title}</h2>
      <p>
        <SeverityBadge severity={finding.severity} /> {LAYER_NAMES[finding.layer]} ·{' '}
        {Object.entries(finding.target)
          .map(([name, value]) => `${name}="${value}"`)
          .join(', ')}
      </p>
    </header>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  columns: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))',
    gap: theme.spacing(3),
    'th, td': { paddingRight: theme.spacing(2), textAlign: 'left' },
    dt: { color: theme.colors.text.secondary, marginTop: theme.spacing(1) },
    dd: { marginLeft: 0 },
  }),
});

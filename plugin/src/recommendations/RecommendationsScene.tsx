import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { type SceneComponentProps, SceneObjectBase, type SceneObjectState } from '@grafana/scenes';
import { TextLink, useStyles2 } from '@grafana/ui';
import { type Finding, LAYERS } from '@perflens/analysis/engine';
import { AnalysisRunner } from '../shared/AnalysisRunner';
import { AnalysisStatus } from '../shared/AnalysisStatus';
import { LAYER_NAMES } from '../shared/layer-names';
import { RecommendationCard } from '../shared/RecommendationCard';
import { findingUrl } from '../shared/scene-links';
import { SeverityBadge } from '../shared/SeverityBadge';
import { testIds } from '../shared/test-ids';
import { AdvisorSection } from './advisor/AdvisorSection';

interface RecommendationsState extends SceneObjectState {
  /** Base URL of the exporter (app settings); the advisor section reads it through the plugin route. */
  exporterUrl?: string;
}

/** Every recommendation of the range's findings, grouped by layer, in the engine's rank order within each. */
export class RecommendationsScene extends SceneObjectBase<RecommendationsState> {
  static Component = RecommendationsRenderer;

  constructor(state: RecommendationsState = {}) {
    super(state);
  }
}

function RecommendationsRenderer({ model }: SceneComponentProps<RecommendationsScene>) {
  const styles = useStyles2(getStyles);
  const state = AnalysisRunner.find(model).useState();
  const { exporterUrl } = model.useState();
  return (
    <>
      <AdvisorSection exporterUrl={exporterUrl} />
      <AnalysisStatus state={state}>
        {(report) => {
          const withAdvice = report.findings.filter((f) => f.recommendations.length > 0);
          if (withAdvice.length === 0) {
            return (
              <p className={styles.muted} data-testid={testIds.findingsEmpty}>
                Nothing to recommend: no finding in this time range.
              </p>
            );
          }
          return LAYERS.map((layer) => {
            const findings = withAdvice.filter((f) => f.layer === layer);
            return findings.length === 0 ? null : (
              <section key={layer} aria-labelledby={`perflens-layer-${layer}`}>
                <h2 id={`perflens-layer-${layer}`} className={styles.layer}>
                  {LAYER_NAMES[layer]}
                </h2>
                {findings.map((finding: Finding) => (
                  <div key={finding.id} className={styles.finding}>
                    <p>
                      <SeverityBadge severity={finding.severity} />{' '}
                      <TextLink href={findingUrl(model, finding.id)} inline>
                        {finding.title}
                      </TextLink>
                    </p>
                    {finding.recommendations.map((r) => (
                      <RecommendationCard key={r.action} recommendation={r} />
                    ))}
                  </div>
                ))}
              </section>
            );
          });
        }}
      </AnalysisStatus>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layer: css({ fontSize: theme.typography.h4.fontSize, margin: theme.spacing(2, 0, 1) }),
  finding: css({ marginBottom: theme.spacing(2) }),
  muted: css({ color: theme.colors.text.secondary }),
});

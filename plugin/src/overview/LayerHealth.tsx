import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { type AnalysisReport, type Layer, SEVERITIES } from '@perflens/analysis/engine';
import { LAYER_NAMES } from '../shared/layer-names';
import { SeverityBadge } from '../shared/SeverityBadge';
import { testIds } from '../shared/test-ids';

/** The layers a service always has; load tests appear on their own page. */
export const SERVICE_LAYERS: Layer[] = ['frontend', 'api', 'runtime', 'db-client', 'postgres', 'host'];

/** The layers read from the service's own metrics (its `job`); the others come from the exporter. */
const JOB_LAYERS: Layer[] = ['api', 'runtime', 'db-client'];

/**
 * One tile per layer: its worst finding's severity and count, "healthy", why it was not analysed, or "no data"
 * for the service's own layers when Prometheus holds nothing of its job (no data is not health).
 */
export function LayerHealth({ report, noData = false }: { report: AnalysisReport; noData?: boolean }) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.grid} data-testid={testIds.layerHealth} aria-label="Health per layer">
      {SERVICE_LAYERS.map((layer) => {
        const findings = report.findings.filter((f) => f.layer === layer);
        const worst = SEVERITIES.find((severity) => findings.some((f) => f.severity === severity));
        const skipped = report.skippedLayers.find((s) => s.layer === layer);
        return (
          <li key={layer} className={styles.tile}>
            <h3 className={styles.name}>{LAYER_NAMES[layer]}</h3>
            {skipped ? (
              <span className={styles.muted}>Not analysed</span>
            ) : noData && JOB_LAYERS.includes(layer) ? (
              <span className={styles.muted}>No data</span>
            ) : worst ? (
              <span>
                <SeverityBadge severity={worst} /> {findings.length} finding{findings.length === 1 ? '' : 's'}
              </span>
            ) : (
              <span className={styles.healthy}>Healthy</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
    gap: theme.spacing(1),
    listStyle: 'none',
    padding: 0,
    margin: theme.spacing(0, 0, 2),
  }),
  tile: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5),
    background: theme.colors.background.secondary,
  }),
  name: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1) }),
  muted: css({ color: theme.colors.text.secondary }),
  healthy: css({ color: theme.colors.success.text }),
});

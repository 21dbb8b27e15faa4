import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { TextLink, useStyles2 } from '@grafana/ui';
import type { Finding } from '@perflens/analysis/engine';
import { LAYER_NAMES } from './layer-names';
import { SeverityBadge } from './SeverityBadge';
import { testIds } from './test-ids';

interface Props {
  findings: readonly Finding[];
  /** The finding page's URL (with the current time range and service). */
  hrefOf: (finding: Finding) => string;
  emptyText?: string;
}

/** Findings in the engine's rank order: severity, layer, the title with its numbers, and the impact score. */
export function FindingsTable({ findings, hrefOf, emptyText = 'No bottlenecks found in this time range.' }: Props) {
  const styles = useStyles2(getStyles);
  if (findings.length === 0) {
    return (
      <p className={styles.empty} data-testid={testIds.findingsEmpty}>
        {emptyText}
      </p>
    );
  }
  return (
    <table className={styles.table} data-testid={testIds.findingsTable}>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Layer</th>
          <th scope="col">Finding</th>
          <th scope="col" className={styles.number}>
            Impact
          </th>
        </tr>
      </thead>
      <tbody>
        {findings.map((finding) => (
          <tr key={finding.id}>
            <td>
              <SeverityBadge severity={finding.severity} />
            </td>
            <td>{LAYER_NAMES[finding.layer]}</td>
            <td>
              <TextLink href={hrefOf(finding)} inline={false}>
                {finding.title}
              </TextLink>
            </td>
            <td className={styles.number} title={finding.impact.explanation}>
              {finding.impact.score.toFixed(1)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  number: css({ textAlign: 'right !important' as 'right', fontVariantNumeric: 'tabular-nums' }),
  empty: css({ color: theme.colors.text.secondary, padding: theme.spacing(2, 0) }),
});

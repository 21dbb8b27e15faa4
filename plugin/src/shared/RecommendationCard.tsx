import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import type { Recommendation } from '@perflens/analysis/engine';
import { CopyableCode } from './CopyableCode';
import { testIds } from './test-ids';

/** One recommendation: what to change, what it should do, its effort, and the SQL or config to apply. */
export function RecommendationCard({ recommendation }: { recommendation: Recommendation }) {
  const styles = useStyles2(getStyles);
  const { action, expectedEffect, effort, sql, rollbackSql, config } = recommendation;
  return (
    <div className={styles.card} data-testid={testIds.recommendation}>
      <div className={styles.header}>
        <strong>{action}</strong>
        <Badge text={`${effort} effort`} color={effort === 'low' ? 'green' : effort === 'medium' ? 'orange' : 'red'} />
      </div>
      <p className={styles.effect}>Expected effect: {expectedEffect}</p>
      {sql && <CopyableCode label="SQL" code={sql} testId={testIds.recommendationSql} />}
      {rollbackSql && <CopyableCode label="Rollback SQL" code={rollbackSql} />}
      {config && <CopyableCode label="Configuration" code={config} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
    background: theme.colors.background.secondary,
  }),
  header: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    '& > :last-child': { flexShrink: 0, whiteSpace: 'nowrap' },
  }),
  effect: css({ color: theme.colors.text.secondary, margin: theme.spacing(0.5, 0) }),
});

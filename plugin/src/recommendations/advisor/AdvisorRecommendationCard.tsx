import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, useStyles2 } from '@grafana/ui';
import { CopyableCode } from '../../shared/CopyableCode';
import { SeverityBadge } from '../../shared/SeverityBadge';
import type { AdvisorRecommendation } from './advisor-client';
import { advisorTestIds } from './advisor-test-ids';

/** Milliseconds as people read them: 1.2 s, 340 ms. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/**
 * One of the advisor's recommendations: what, whether hypopg proved it, which statements it serves and the
 * time it saves, the SQL and its rollback; an Apply button when `onApply` is given (Admins).
 */
export function AdvisorRecommendationCard({
  recommendation,
  onApply,
  busy,
}: {
  recommendation: AdvisorRecommendation;
  onApply?: () => void;
  busy: boolean;
}) {
  const styles = useStyles2(getStyles);
  const { title, severity, verified, statements = [], expectedEffect, applySql, rollbackSql } = recommendation;
  const saved = statements.reduce((sum, s) => sum + (s.savedMs ?? 0), 0);
  return (
    <div className={styles.card} data-testid={advisorTestIds.recommendation}>
      <div className={styles.header}>
        <span>
          <SeverityBadge severity={severity} /> <strong>{title}</strong>
        </span>
        <Badge
          text={verified ? 'verified with hypopg' : 'heuristic, not verified'}
          color={verified ? 'green' : 'orange'}
        />
      </div>
      <p className={styles.muted}>{expectedEffect}</p>
      {statements.length > 0 && (
        <details>
          <summary>
            Serves {statements.length} statement{statements.length > 1 ? 's' : ''}
            {saved > 0 ? `, saves about ${formatMs(saved)} of execution time` : ''}
          </summary>
          <ul className={styles.statements}>
            {statements.map((s) => (
              <li key={s.queryid}>
                <code>{s.query}</code> — {s.calls} calls, {formatMs(s.meanExecMs)} mean
                {s.savedMs ? `, saves ${formatMs(s.savedMs)}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      {applySql && <CopyableCode label="SQL" code={applySql} />}
      {rollbackSql && <CopyableCode label="Rollback SQL" code={rollbackSql} />}
      {onApply && applySql && (
        <Button variant="primary" size="sm" icon="play" onClick={onApply} disabled={busy}>
          Apply
        </Button>
      )}
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
  header: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: theme.spacing(1) }),
  muted: css({ color: theme.colors.text.secondary, margin: theme.spacing(0.5, 0) }),
  statements: css({ margin: theme.spacing(0.5, 0), overflowWrap: 'anywhere' }),
});

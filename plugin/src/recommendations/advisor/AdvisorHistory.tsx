import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import { CopyableCode } from '../../shared/CopyableCode';
import { activeApplies, type AuditEntry, latestMeasurement } from './advisor-client';
import { formatMs } from './AdvisorRecommendationCard';
import { advisorTestIds } from './advisor-test-ids';

interface Actions {
  onRollback: (entry: AuditEntry) => void;
  onMeasure: (entry: AuditEntry) => void;
}

/**
 * What the advisor changed and is still in place (with the measured effect and the rollback), then the audit
 * trail. Actions are given for Admins only.
 */
export function AdvisorHistory({ audit, actions, busy }: { audit: AuditEntry[]; actions?: Actions; busy: boolean }) {
  const styles = useStyles2(getStyles);
  const applied = activeApplies(audit);
  return (
    <>
      {applied.length > 0 && <h3 className={styles.heading}>Applied</h3>}
      {applied.map((entry) => {
        const measured = latestMeasurement(audit, entry.id);
        return (
          <div key={entry.id} className={styles.card} data-testid={advisorTestIds.applied}>
            <p>
              <strong>{entry.recommendationId}</strong> applied by {entry.actor} at{' '}
              {new Date(entry.at).toLocaleString()} (audit entry {entry.id})
            </p>
            <CopyableCode label="SQL" code={entry.sql} />
            {entry.rollbackSql && <CopyableCode label="Rollback SQL" code={entry.rollbackSql} />}
            {measured ? (
              <ul data-testid={advisorTestIds.measured}>
                {measured.map((s) => (
                  <li key={s.queryid}>
                    Statement {s.queryid}: {s.meanMsBefore === null ? 'no calls' : formatMs(s.meanMsBefore)} before,{' '}
                    {s.meanMsAfter === null ? 'no calls yet' : `${formatMs(s.meanMsAfter)} over ${s.callsAfter} calls`}{' '}
                    after
                  </li>
                ))}
              </ul>
            ) : (
              <p className={styles.muted}>Effect not measured yet.</p>
            )}
            {actions && (
              <div className={styles.buttons}>
                <Button
                  size="sm"
                  variant="secondary"
                  icon="sync"
                  disabled={busy}
                  onClick={() => actions.onMeasure(entry)}
                >
                  Measure effect
                </Button>
                {entry.rollbackSql && (
                  <Button
                    size="sm"
                    variant="destructive"
                    icon="history"
                    disabled={busy}
                    onClick={() => actions.onRollback(entry)}
                  >
                    Roll back
                  </Button>
                )}
              </div>
            )}
          </div>
        );
      })}
      <h3 className={styles.heading}>Audit trail</h3>
      {audit.length === 0 ? (
        <p className={styles.muted}>Nothing applied, measured or rolled back yet.</p>
      ) : (
        <table className={styles.table} data-testid={advisorTestIds.audit}>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Recommendation</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.recommendationId}</td>
                <td>{e.error ? `${e.outcome}: ${e.error}` : e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  heading: css({ fontSize: theme.typography.h5.fontSize, margin: theme.spacing(2, 0, 1) }),
  card: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
  }),
  muted: css({ color: theme.colors.text.secondary }),
  buttons: css({ display: 'flex', gap: theme.spacing(1) }),
  table: css({
    width: '100%',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    td: { overflowWrap: 'anywhere' },
  }),
});

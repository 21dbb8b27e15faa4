import React, { useCallback, useEffect, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, ConfirmModal, TextLink, useStyles2 } from '@grafana/ui';
import { PLUGIN_ID } from '../../constants';
import { currentLogin } from '../../shared/permissions';
import { AdvisorClient, type AdvisorReport, type AuditEntry, describeFailure } from './advisor-client';
import { canApplyIndexes } from './advisor-permissions';
import { AdvisorHistory } from './AdvisorHistory';
import { AdvisorRecommendationCard } from './AdvisorRecommendationCard';
import { advisorTestIds } from './advisor-test-ids';

interface Loaded {
  report: AdvisorReport;
  audit: AuditEntry[];
}

/** A change waiting for the user's confirmation. */
interface Pending {
  title: string;
  body: string;
  confirmText: string;
  run: () => Promise<unknown>;
}

/**
 * The PostgreSQL advisor's recommendations, read from the exporter through the app's `exporter` plugin route:
 * index advice with SQL and rollback, what is applied with its measured effect, and the audit trail. Admins
 * (the route's POST rule) apply, measure and roll back after a confirmation; everyone else reads.
 */
export function AdvisorSection({ exporterUrl }: { exporterUrl?: string }) {
  const styles = useStyles2(getStyles);
  const [client] = useState(() => new AdvisorClient(getBackendSrv()));
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending>();
  const admin = canApplyIndexes();
  const actor = `grafana:${currentLogin() || 'unknown'}`;

  const load = useCallback(async () => {
    try {
      const [report, audit] = await Promise.all([client.report(), client.audit()]);
      setLoaded({ report, audit });
      setError(undefined);
    } catch (failure) {
      setError(`The advisor could not be read: ${describeFailure(failure)}`);
    }
  }, [client]);

  useEffect(() => {
    if (exporterUrl) {
      load();
    }
  }, [exporterUrl, load]);

  const confirm = async () => {
    const action = pending;
    setPending(undefined);
    if (!action) {
      return;
    }
    setBusy(true);
    try {
      await action.run();
      setError(undefined);
    } catch (failure) {
      setError(`${action.title} failed: ${describeFailure(failure)}`);
    }
    await load();
    setBusy(false);
  };

  if (!exporterUrl) {
    return (
      <section
        className={styles.section}
        aria-labelledby="perflens-advisor-heading"
        data-testid={advisorTestIds.unconfigured}
      >
        <h2 id="perflens-advisor-heading" className={styles.heading}>
          Index advisor
        </h2>
        <p className={styles.muted}>
          Not connected. To see the PostgreSQL advisor&apos;s index advice here, enable the advisor in the Perflens
          exporter (<code>advisor.enabled</code>) and set its URL and token on the{' '}
          <TextLink href={`/plugins/${PLUGIN_ID}`} inline>
            Configuration page
          </TextLink>{' '}
          (exporter URL, exporter token).
        </p>
      </section>
    );
  }
  const withSql = loaded?.report.recommendations.filter((r) => r.applySql) ?? [];
  return (
    <section className={styles.section} aria-labelledby="perflens-advisor-heading" data-testid={advisorTestIds.section}>
      <h2 id="perflens-advisor-heading" className={styles.heading}>
        Index advisor
      </h2>
      {error && <Alert title={error} severity="error" data-testid={advisorTestIds.error} />}
      {!loaded && !error && <p className={styles.muted}>Reading the advisor…</p>}
      {loaded && (
        <>
          <p className={styles.muted}>
            {loaded.report.database}, {new Date(loaded.report.generatedAt).toLocaleString()}
            {loaded.report.hypopg ? ', checked with hypopg' : ', without hypopg (heuristics)'}.
          </p>
          {!admin && (
            <p className={styles.muted} data-testid={advisorTestIds.readOnly}>
              Only Admins can apply or roll back; copy the SQL to run it yourself.
            </p>
          )}
          {withSql.length === 0 && <p>No index to add or drop.</p>}
          {withSql.map((r) => (
            <AdvisorRecommendationCard
              key={r.id}
              recommendation={r}
              busy={busy}
              onApply={
                admin
                  ? () =>
                      setPending({
                        title: `Apply ${r.id}`,
                        body: `Run on ${loaded.report.database}: ${r.applySql} (rollback: ${r.rollbackSql ?? 'none'})`,
                        confirmText: 'Apply',
                        run: () => client.apply(r.id, actor),
                      })
                  : undefined
              }
            />
          ))}
          <AdvisorHistory
            audit={loaded.audit}
            busy={busy}
            actions={
              admin
                ? {
                    onMeasure: (entry) =>
                      setPending({
                        title: `Measure audit entry ${entry.id}`,
                        body: 'Compare the mean time of its statements before the apply and since.',
                        confirmText: 'Measure',
                        run: () => client.measure(entry.id, actor),
                      }),
                    onRollback: (entry) =>
                      setPending({
                        title: `Roll back audit entry ${entry.id}`,
                        body: `Run on ${loaded.report.database}: ${entry.rollbackSql}`,
                        confirmText: 'Roll back',
                        run: () => client.rollback(entry.id, actor),
                      }),
                  }
                : undefined
            }
          />
        </>
      )}
      <ConfirmModal
        isOpen={pending !== undefined}
        title={pending?.title ?? ''}
        body={pending?.body ?? ''}
        confirmText={pending?.confirmText ?? 'Confirm'}
        onConfirm={confirm}
        onDismiss={() => setPending(undefined)}
      />
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginBottom: theme.spacing(3) }),
  heading: css({ fontSize: theme.typography.h4.fontSize, margin: theme.spacing(2, 0, 1) }),
  muted: css({ color: theme.colors.text.secondary }),
});

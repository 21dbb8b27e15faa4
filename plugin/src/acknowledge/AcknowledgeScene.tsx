import React from 'react';
import { type SceneComponentProps, SceneObjectBase, type SceneObjectState } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import { canAcknowledge, currentLogin } from '../shared/permissions';
import { testIds } from '../shared/test-ids';
import { AcknowledgeForm, type AcknowledgeValues } from './AcknowledgeForm';
import { type AlertmanagerClient, alertsOfTarget, type FiringAlert, silenceMatchers } from './alertmanager-client';

interface AcknowledgeState extends SceneObjectState {
  target: Readonly<Record<string, string>>;
  alerts?: FiringAlert[];
  submitting: boolean;
  silenceId?: string;
  error?: string;
}

/**
 * Acknowledging a finding = silencing its firing alert in Alertmanager, which has no acknowledged state of its
 * own: a silence is how an alert is acknowledged (provisioning/alertmanager/README.md). Editors get the form;
 * Viewers see the alert and who may act, and no control that writes.
 */
export class AcknowledgeScene extends SceneObjectBase<AcknowledgeState> {
  static Component = AcknowledgeRenderer;

  constructor(
    private readonly alertmanager: AlertmanagerClient,
    target: Readonly<Record<string, string>>
  ) {
    super({ target, submitting: false });
    this.addActivationHandler(() => {
      this.load();
    });
  }

  private async load() {
    try {
      const alerts = alertsOfTarget(await this.alertmanager.firingAlerts(), this.state.target);
      this.setState({ alerts, error: undefined });
    } catch (error) {
      this.setState({ alerts: [], error: `Alertmanager unavailable: ${describe(error)}` });
    }
  }

  acknowledge = async (alert: FiringAlert, values: AcknowledgeValues) => {
    if (!canAcknowledge()) {
      return;
    }
    this.setState({ submitting: true, error: undefined });
    try {
      const silenceId = await this.alertmanager.createSilence({
        matchers: silenceMatchers(alert, this.state.target),
        durationSeconds: values.durationSeconds,
        createdBy: values.author,
        comment: values.comment,
      });
      this.setState({ submitting: false, silenceId });
    } catch (error) {
      this.setState({ submitting: false, error: `The silence was not created: ${describe(error)}` });
    }
  };
}

function describe(error: unknown): string {
  const failure = error as { data?: { message?: string }; statusText?: string; message?: string };
  return failure?.data?.message ?? failure?.message ?? failure?.statusText ?? String(error);
}

function AcknowledgeRenderer({ model }: SceneComponentProps<AcknowledgeScene>) {
  const { alerts, submitting, silenceId, error } = model.useState();
  const firing = alerts?.[0];
  return (
    <section data-testid={testIds.acknowledge} aria-labelledby="perflens-ack-heading">
      <h3 id="perflens-ack-heading">Acknowledge</h3>
      {error && <Alert title={error} severity="error" />}
      {alerts && !firing && <p>No alert is firing for this finding.</p>}
      {firing && (
        <p>
          Firing: <strong>{firing.labels.alertname}</strong> since {new Date(firing.startsAt).toLocaleString()}
          {firing.annotations.summary ? ` — ${firing.annotations.summary}` : ''}
        </p>
      )}
      {silenceId && <Alert title={`Silenced (silence ${silenceId})`} severity="success" />}
      {firing && !silenceId && canAcknowledge() && (
        <AcknowledgeForm
          alertName={firing.labels.alertname ?? 'alert'}
          defaultAuthor={currentLogin()}
          submitting={submitting}
          onSubmit={(values) => model.acknowledge(firing, values)}
        />
      )}
      {firing && !canAcknowledge() && (
        <p data-testid={testIds.acknowledgeReadOnly}>Only Editors and Admins can silence this alert.</p>
      )}
    </section>
  );
}

import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker, getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput, TagsInput, TextArea, useStyles2 } from '@grafana/ui';
import { type AppSettings, readAppSettings } from '../shared/app-settings';
import { testIds } from '../shared/test-ids';
import { saveSettings } from './save-settings';
import { parseSloOverrides } from './slo-overrides';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<Partial<AppSettings>>>;

/** Data sources, services, SLO overrides and the exporter connection (its token write-only). */
export default function AppConfig({ plugin }: AppConfigProps) {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const initial = readAppSettings(jsonData);
  const [settings, setSettings] = useState<AppSettings>(initial);
  const [overrides, setOverrides] = useState(overridesText(initial));
  const [token, setToken] = useState<string | undefined>(undefined);
  const [tokenConfigured, setTokenConfigured] = useState(Boolean(secureJsonFields?.exporterToken));
  const [error, setError] = useState<string>();

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      const parsed = parseSloOverrides(overrides, settings.jobs[0] ?? '');
      // The overrides field replaces both keys: an emptied field removes them.
      const rest = { ...settings, sloObjectives: undefined, thresholds: undefined };
      await saveSettings(getBackendSrv(), plugin.meta.id, {
        enabled: Boolean(enabled),
        pinned: Boolean(pinned),
        jsonData: { ...rest, ...parsed },
        ...(token !== undefined ? { exporterToken: token } : {}),
      });
      // Grafana hands plugin settings to the app at load time only (scaffold's AppConfig does the same).
      locationService.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <form onSubmit={onSubmit} className={styles.form} data-testid={testIds.appConfig}>
      {error && (
        <Alert title="Settings not saved" severity="error">
          {error}
        </Alert>
      )}
      <FieldSet label="Data sources">
        <Field label="Prometheus" description="The engine's queries go through this data source's proxy.">
          <DataSourcePicker
            inputId="perflens-prometheus"
            pluginId="prometheus"
            current={settings.prometheusUid}
            onChange={(ds) => setSettings({ ...settings, prometheusUid: ds.uid })}
          />
        </Field>
        <Field label="Alertmanager" description="Silences (acknowledgements) are created here.">
          <DataSourcePicker
            inputId="perflens-alertmanager"
            pluginId="alertmanager"
            current={settings.alertmanagerUid}
            onChange={(ds) => setSettings({ ...settings, alertmanagerUid: ds.uid })}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Services and SLOs">
        <Field label="Services" description="Prometheus jobs offered in the service picker.">
          <TagsInput id="perflens-jobs" tags={settings.jobs} onChange={(jobs) => setSettings({ ...settings, jobs })} />
        </Field>
        <Field
          label="SLO overrides"
          description='JSON: {"sloObjectives": [...], "thresholds": {"api": {"latencyThresholdSeconds": 0.25}}}; empty uses the defaults.'
        >
          <TextArea
            id="perflens-overrides"
            rows={6}
            value={overrides}
            onChange={(e) => setOverrides(e.currentTarget.value)}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Acknowledging alerts">
        <Field
          label="Alertmanager URL"
          description="Reached by Grafana's server through the app's `alertmanager` route; only Editors and Admins may create silences."
        >
          <Input
            id="perflens-alertmanager-url"
            width={60}
            placeholder="http://alertmanager:9093"
            value={settings.alertmanagerUrl ?? ''}
            onChange={(e) => setSettings({ ...settings, alertmanagerUrl: e.currentTarget.value.trim() })}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Perflens exporter">
        <Field label="Exporter URL" description="Reached by Grafana's server through the app's `exporter` route.">
          <Input
            id="perflens-exporter-url"
            width={60}
            placeholder="http://exporter:9464"
            value={settings.exporterUrl ?? ''}
            onChange={(e) => setSettings({ ...settings, exporterUrl: e.currentTarget.value.trim() })}
          />
        </Field>
        <Field label="Exporter token" description="Stored encrypted by Grafana and never sent back to the browser.">
          <SecretInput
            id="perflens-exporter-token"
            width={60}
            isConfigured={tokenConfigured}
            value={token ?? ''}
            onChange={(e) => setToken(e.currentTarget.value.trim())}
            onReset={() => {
              setToken('');
              setTokenConfigured(false);
            }}
          />
        </Field>
      </FieldSet>
      <Button type="submit">Save settings</Button>
    </form>
  );
}

function overridesText(settings: AppSettings): string {
  const { sloObjectives, thresholds } = settings;
  return sloObjectives || thresholds ? JSON.stringify({ sloObjectives, thresholds }, null, 2) : '';
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: 720, marginTop: theme.spacing(2) }),
});

import type { SloObjective, ThresholdsConfig } from '@perflens/analysis/engine';

/**
 * The app's jsonData (provisioning/grafana/plugins/perflens-insights-app.yaml or the Configuration page).
 * The exporter token is not here: it lives in secureJsonData and only Grafana's plugin route reads it.
 */
export interface AppSettings {
  /** Prometheus data source the engine queries (through Grafana's data source proxy). */
  prometheusUid: string;
  /** Alertmanager data source that receives silences (acknowledgements). */
  alertmanagerUid: string;
  /** Prometheus `job`s offered in the service picker. */
  jobs: string[];
  /** SLO objectives; without them the engine's default latency and availability objectives apply. */
  sloObjectives?: SloObjective[];
  /** Threshold overrides, any subset of the engine's thresholds (docs/analysis.md). */
  thresholds?: ThresholdsConfig;
  /** Base URL of the Perflens exporter, reached only through the `exporter` plugin route. */
  exporterUrl?: string;
  /**
   * Base URL of Alertmanager as Grafana's server reaches it. Silences are created through the app's
   * `alertmanager` route (Editor and up, enforced by Grafana), not through the data source a Viewer can query.
   */
  alertmanagerUrl?: string;
}

/** The data source uids and job of the provisioned stack (provisioning/grafana/datasources/perflens.yaml). */
export const DEFAULT_SETTINGS: AppSettings = {
  prometheusUid: 'prometheus',
  alertmanagerUid: 'alertmanager',
  jobs: ['demo-api'],
};

/** Reads jsonData as saved by Grafana, filling what is missing with the defaults. */
export function readAppSettings(jsonData: Partial<AppSettings> | undefined | null): AppSettings {
  const data = jsonData ?? {};
  const jobs = Array.isArray(data.jobs) ? data.jobs.filter((job) => typeof job === 'string' && job !== '') : [];
  return {
    ...data,
    prometheusUid: data.prometheusUid || DEFAULT_SETTINGS.prometheusUid,
    alertmanagerUid: data.alertmanagerUid || DEFAULT_SETTINGS.alertmanagerUid,
    jobs: jobs.length > 0 ? jobs : DEFAULT_SETTINGS.jobs,
  };
}

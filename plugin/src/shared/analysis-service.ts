import type { BackendSrv } from '@grafana/runtime';
import {
  analyze,
  type AnalysisReport,
  type AnalysisScope,
  type PrometheusClient,
  resolveThresholds,
} from '@perflens/analysis/engine';
import type { AppSettings } from './app-settings';
import { createGrafanaPrometheusClient } from './grafana-prometheus-client';

/** Runs the engine for the pages; one instance per app, so pages that ask for the same scope share a run. */
export interface AnalysisService {
  readonly settings: AppSettings;
  readonly client: PrometheusClient;
  analyze(scope: AnalysisScope): Promise<AnalysisReport>;
}

/**
 * Thresholds resolve once per job with the engine's own resolution (SLO objectives, then overrides, then
 * defaults): the plugin never decides a threshold itself. The last few reports are kept so moving between
 * pages over the same range does not query Prometheus again.
 */
export function createAnalysisService(
  settings: AppSettings,
  backendSrv: BackendSrv,
  client: PrometheusClient = createGrafanaPrometheusClient(backendSrv, settings.prometheusUid)
): AnalysisService {
  const reports = new Map<string, Promise<AnalysisReport>>();
  return {
    settings,
    client,
    analyze(scope) {
      const key = JSON.stringify(scope);
      let report = reports.get(key);
      if (!report) {
        const thresholds = resolveThresholds({
          job: scope.job,
          slos: settings.sloObjectives ?? [],
          config: settings.thresholds ?? {},
          configFile: 'app settings',
        });
        report = analyze({ client, scope, thresholds, rangeFromTest: scope.testid !== undefined });
        // A failed run is not cached: the next refresh tries again.
        report.catch(() => reports.delete(key));
        reports.set(key, report);
        while (reports.size > 8) {
          reports.delete(reports.keys().next().value as string);
        }
      }
      return report;
    },
  };
}

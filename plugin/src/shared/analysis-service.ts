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
import type { RangeMemory } from './remembered-time-range';

/** Runs the engine for the pages; one instance per app, so pages that ask for the same scope share a run. */
export interface AnalysisService {
  readonly settings: AppSettings;
  readonly client: PrometheusClient;
  /** The time range last used on any page, so navigating between pages keeps it (remembered-time-range.ts). */
  readonly rangeMemory: RangeMemory;
  analyze(scope: AnalysisScope): Promise<AnalysisReport>;
  /** Whether Prometheus holds any series of the scope's job in its range: without any, no finding is not health. */
  jobHasData(scope: AnalysisScope): Promise<boolean>;
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
  const presence = new Map<string, Promise<boolean>>();
  return {
    settings,
    client,
    rangeMemory: {},
    jobHasData(scope) {
      const key = `${scope.job}/${scope.endSeconds}/${scope.rangeSeconds}`;
      let answer = presence.get(key);
      if (!answer) {
        answer = client.query(jobDataQuery(scope), scope.endSeconds).then((series) => series.length > 0);
        answer.catch(() => presence.delete(key));
        presence.set(key, answer);
        while (presence.size > 8) {
          presence.delete(presence.keys().next().value as string);
        }
      }
      return answer;
    },
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

/**
 * Any series of the job in the range. The engine reports no finding both for a healthy service and for one it
 * has no data about (a layer without data "still ran and found nothing"), so the pages ask Prometheus.
 */
export function jobDataQuery(scope: Pick<AnalysisScope, 'job' | 'rangeSeconds'>): string {
  const job = scope.job.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `count(last_over_time({job="${job}"}[${Math.max(1, Math.round(scope.rangeSeconds))}s]))`;
}

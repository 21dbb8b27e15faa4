import { DASHBOARD_UIDS, dashboardPath } from '@perflens/conventions';
import { sliWindows, WORKBOOK_BURN_WINDOWS, type BurnWindow } from '../model/burn-windows';
import type { SloModel } from '../model/slo-model';
import { burnRateAlerts } from './burn-rate-alerts';
import type { RuleFile } from './prometheus-rules';
import { routeLatencyAlerts } from './route-latency-alerts';
import { sloMetadataRules } from './slo-metadata-rules';
import { sliCountRules } from './sli-count-rules';
import { sliRecordingRules } from './sli-recording-rules';

/**
 * Where alert annotations point for runbooks: docs/runbooks/ served by the exporter at /runbooks/. Prometheus
 * renders the base from its external label `runbooks_url` (set with the other external URLs, see
 * provisioning/alertmanager/README.md, "Links in notifications"), defaulting to the exporter on localhost.
 */
export const DEFAULT_RUNBOOK_BASE_URL =
  '{{ or $externalLabels.runbooks_url "http://localhost:9464/runbooks" }}/';

export interface GenerateSloRulesOptions {
  /** Burn-rate windows; the SRE workbook's by default. Tests pass short ones so alerts fire in seconds. */
  windows?: readonly BurnWindow[];
  runbookBaseUrl?: string;
  /** Rule group evaluation interval; Prometheus' global one when absent. */
  interval?: string;
}

/**
 * SLO models → Prometheus rule file. Per SLO, one group with the SLI recordings, the metadata and the burn
 * alerts, so Prometheus evaluates the recordings before the alerts that read them.
 */
export function generateSloRules(slos: readonly SloModel[], options: GenerateSloRulesOptions = {}): RuleFile {
  const windows = options.windows ?? WORKBOOK_BURN_WINDOWS;
  const ranges = sliWindows(windows);
  const alertOptions = {
    runbookBaseUrl: options.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL,
    dashboardPath: dashboardPath(DASHBOARD_UIDS.slo),
  };
  return {
    groups: slos.map((slo) => ({
      name: `slo-${slo.id}`,
      ...(options.interval ? { interval: options.interval } : {}),
      rules: [
        ...sliRecordingRules(slo, ranges),
        ...sliCountRules(slo, ranges[0] as string),
        ...sloMetadataRules(slo, ranges[0] as string),
        ...burnRateAlerts(slo, windows, alertOptions),
        ...routeLatencyAlerts(slo, `${alertOptions.runbookBaseUrl}api-route-high-latency.md`),
      ],
    })),
  };
}

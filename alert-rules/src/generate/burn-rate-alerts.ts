import {
  HTTP_REQUEST_DURATION,
  promNumber,
  selector,
  sloErrorRatio,
  sloRequestRate,
} from '@perflens/conventions';
import { burnRate, type BurnSeverity, type BurnWindow } from '../model/burn-windows';
import type { SloModel } from '../model/slo-model';
import type { AlertingRule } from './prometheus-rules';
import { requestMatchers, sloSeriesMatchers } from './promql';
import { SERVER_ERROR_STATUS } from './sli-recording-rules';

/** Every SLO burn alert has this name; `severity`, `job` and `slo` tell them apart (Sloth does the same). */
export const SLO_BURN_ALERT = 'SloErrorBudgetBurn';

/** Pages go to the pager, tickets to the warning channel (see provisioning/alertmanager). */
const SEVERITY_LABEL: Record<BurnSeverity, string> = { page: 'critical', ticket: 'warning' };

export interface BurnAlertOptions {
  runbookBaseUrl: string;
  /** Dashboard path, relative to Grafana's root URL (Alertmanager's templates add the host). */
  dashboardPath: string;
}

function condition(slo: SloModel, window: BurnWindow): string {
  const series = sloSeriesMatchers(slo);
  const threshold = `(${promNumber(burnRate(window, slo.window))} * ${promNumber(slo.errorBudgetRatio)})`;
  return [
    `(`,
    `  ${selector(sloErrorRatio(window.long), series)} > ${threshold}`,
    `  and ${selector(sloErrorRatio(window.short), series)} > ${threshold}`,
    `  and ${selector(sloRequestRate(window.long), series)} >= ${promNumber(slo.minRequestRate)}`,
    `)`,
  ].join('\n');
}

function describeWindows(slo: SloModel, windows: readonly BurnWindow[]): string {
  return windows
    .map((window) => `${promNumber(burnRate(window, slo.window))}x over ${window.long}`)
    .join(' or ');
}

function kindText(slo: SloModel): string {
  if (slo.kind === 'availability') return 'of requests without a server error';
  return `of requests faster than ${promNumber(slo.thresholdSeconds as number)}s`;
}

/** Bad requests per second by route over a window: 5xx, or requests slower than the SLO's threshold. */
function badRequestsByRoute(slo: SloModel, window: string): string {
  const rate = (series: string): string => `sum by (http_route) (rate(${series}[${window}]))`;
  const count = `${HTTP_REQUEST_DURATION}_count`;
  if (slo.kind === 'availability')
    return rate(
      selector(count, { ...requestMatchers(slo), http_response_status_code: { regex: SERVER_ERROR_STATUS } }),
    );
  const fast = selector(`${HTTP_REQUEST_DURATION}_bucket`, {
    ...requestMatchers(slo),
    le: promNumber(slo.thresholdSeconds as number),
  });
  return `(${rate(selector(count, requestMatchers(slo)))} - ${rate(fast)})`;
}

/**
 * The routes to look at first, rendered by Prometheus when the alert fires (`query` in an annotation
 * template): the three with the most bad requests per second over the alert's shortest long window.
 */
function topRoutesAnnotation(slo: SloModel, window: string): string {
  const query = `topk(3, ${badRequestsByRoute(slo, window)} > 0)`;
  return (
    `{{ with query \`${query}\` }}{{ range $i, $route := . }}{{ if $i }}, {{ end }}` +
    `{{ $route.Labels.http_route }} ({{ printf "%.3g" $route.Value }} bad req/s){{ end }}` +
    `{{ else }}no route with bad requests over ${window}{{ end }}`
  );
}

/**
 * The multi-window, multi-burn-rate alerts of one SLO (SRE workbook, "Alerting on SLOs", approach 6): one
 * rule per severity, each the OR of its window pairs, with a minimum request rate so a handful of failures
 * at night does not page. No `for:`: the short window already delays and resets the alert.
 */
export function burnRateAlerts(
  slo: SloModel,
  windows: readonly BurnWindow[],
  options: BurnAlertOptions,
): AlertingRule[] {
  const severities: BurnSeverity[] = ['page', 'ticket'];
  return severities.flatMap((severity) => {
    const matching = windows.filter((window) => window.severity === severity);
    const [first] = matching;
    if (first === undefined) return [];
    return [
      {
        alert: SLO_BURN_ALERT,
        expr: matching.map((window) => condition(slo, window)).join('\nor\n'),
        // job and slo repeat the series' labels so promtool's duplicate-rule lint tells the SLOs apart.
        labels: {
          severity: SEVERITY_LABEL[severity],
          slo_severity: severity,
          job: slo.job,
          slo: slo.name,
          ...slo.labels,
        },
        annotations: {
          summary: `The ${slo.service} ${slo.name} SLO is burning its error budget too fast.`,
          description:
            `{{ $labels.job }} ${slo.name}: {{ $value | humanizePercentage }} of requests are bad over the long window ` +
            `(objective: ${promNumber(slo.objectivePercent)}% ${kindText(slo)} over ${slo.window}; ` +
            `alerting at ${describeWindows(slo, matching)}).`,
          runbook_url: `${options.runbookBaseUrl}slo-error-budget-burn.md`,
          dashboard_url: `${options.dashboardPath}?var-job={{ $labels.job }}&var-slo={{ $labels.slo }}`,
          top_routes: topRoutesAnnotation(slo, first.long),
          // $externalURL: Prometheus' --web.external-url, the address the on-call engineer can reach.
          analyze_command: `perflens analyze --prometheus {{ $externalURL }} --job {{ $labels.job }} --range ${first.long}`,
        },
      },
    ];
  });
}

import {
  DASHBOARD_UIDS,
  dashboardPath,
  HTTP_REQUEST_DURATION,
  promNumber,
  selector,
} from '@perflens/conventions';
import type { SloModel } from '../model/slo-model';
import type { AlertingRule } from './prometheus-rules';
import { requestMatchers } from './promql';

/** The per-route latency alert; generated from each latency SLO so it calls slow what the SLO calls bad. */
export const ROUTE_LATENCY_ALERT = 'ApiRouteHighLatency';

function perRoute(expr: string): string {
  return `sum by (job, http_route) (rate(${expr}[5m]))`;
}

/**
 * One alert per latency SLO: a route whose share of requests slower than the SLO's threshold exceeds the
 * SLO's error budget (more than 1% slower than 250 ms for a 99% objective) for 10 minutes. It names the
 * route that makes the SLO burn; a fixed p95 threshold far above the SLO's would stay quiet while the SLO
 * pages. Routes quieter than the service's `minRequestRate` stay quiet, as the burn alerts do.
 */
export function routeLatencyAlerts(slo: SloModel, runbookUrl: string): AlertingRule[] {
  if (slo.kind !== 'latency' || slo.thresholdSeconds === undefined) return [];
  const threshold = promNumber(slo.thresholdSeconds);
  const requests = perRoute(selector(`${HTTP_REQUEST_DURATION}_count`, requestMatchers(slo)));
  const fast = perRoute(
    selector(`${HTTP_REQUEST_DURATION}_bucket`, { ...requestMatchers(slo), le: threshold }),
  );
  return [
    {
      alert: ROUTE_LATENCY_ALERT,
      expr: [
        `(`,
        `  ${requests}`,
        `  -`,
        `  ${fast}`,
        `)`,
        `/ ${requests}`,
        `> ${promNumber(slo.errorBudgetRatio)}`,
        `and on (job, http_route) ${requests} >= ${promNumber(slo.minRequestRate)}`,
      ].join('\n'),
      for: '10m',
      labels: { severity: 'warning', job: slo.job, slo: slo.name, ...slo.labels },
      annotations: {
        summary: `A route is slower than the ${slo.service} ${slo.name} SLO allows.`,
        description:
          `{{ $labels.job }} {{ $labels.http_route }}: {{ $value | humanizePercentage }} of requests take longer ` +
          `than ${threshold}s; the ${slo.name} SLO allows ${promNumber(100 - slo.objectivePercent)}% ` +
          `(${promNumber(slo.objectivePercent)}% within ${threshold}s).`,
        runbook_url: runbookUrl,
        dashboard_url: `${dashboardPath(DASHBOARD_UIDS.api)}?var-job={{ $labels.job }}&var-route={{ $labels.http_route }}`,
      },
    },
  ];
}

// Names of the SLO recording rules, in Sloth's naming scheme (level:metric:operations), that the
// generated rule files record and dashboards, the analysis engine and the plugin read.

/** The SLO's objective as a ratio (0.999), one series per SLO. */
export const SLO_OBJECTIVE = 'slo:objective:ratio';
/** The SLO's error budget as a ratio (1 - objective). */
export const SLO_ERROR_BUDGET = 'slo:error_budget:ratio';
/** The share of the period's error budget not yet spent (negative when overspent). */
export const SLO_BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';

/** The SLI error ratio over a window such as `5m` or `30d`. */
export function sloErrorRatio(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** The SLI request rate over a window such as `5m`. */
export function sloRequestRate(window: string): string {
  return `slo:sli_requests:rate${window}`;
}

import type { SloModel } from '../model/slo-model';
import type { RecordingRule } from './prometheus-rules';
import { number, requestMatchers, selector } from './promql';
import { HTTP_DURATION_METRIC, SERVER_ERROR_STATUS } from './sli-metrics';

/** Name of the recorded error ratio over a window, after the workbook's `job:slo_errors_per_request:ratio_rate1h`. */
export function errorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** Name of the recorded request rate over a window (the low-traffic guard reads it). */
export function requestRateRecord(window: string): string {
  return `slo:sli_requests:rate${window}`;
}

function totalRate(slo: SloModel, window: string): string {
  return `sum(rate(${HTTP_DURATION_METRIC}_count${selector(requestMatchers(slo))}[${window}]))`;
}

function errorRatio(slo: SloModel, window: string): string {
  const total = totalRate(slo, window);
  if (slo.kind === 'availability') {
    const errors = selector([
      ...requestMatchers(slo),
      ['http_response_status_code', '=~', SERVER_ERROR_STATUS],
    ]);
    // `or vector(0)`: with no 5xx series yet the ratio is 0, not absent, so dashboards show a flat line.
    return `(sum(rate(${HTTP_DURATION_METRIC}_count${errors}[${window}])) or vector(0))\n/\n${total}`;
  }
  const fast = selector([...requestMatchers(slo), ['le', '=', number(slo.thresholdSeconds as number)]]);
  return `1 - (\n  sum(rate(${HTTP_DURATION_METRIC}_bucket${fast}[${window}]))\n  /\n  ${total}\n)`;
}

/** The error ratio and request rate of one SLO over each window, labelled with `job` and `slo`. */
export function sliRecordingRules(slo: SloModel, windows: readonly string[]): RecordingRule[] {
  const labels = { job: slo.job, slo: slo.name };
  return windows.flatMap((window) => [
    { record: errorRatioRecord(window), expr: errorRatio(slo, window), labels },
    { record: requestRateRecord(window), expr: totalRate(slo, window), labels },
  ]);
}

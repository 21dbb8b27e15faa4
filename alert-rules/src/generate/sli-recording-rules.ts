import {
  HTTP_REQUEST_DURATION,
  promNumber,
  selector,
  sloErrorRatio,
  sloRequestRate,
} from '@perflens/conventions';
import type { SloModel } from '../model/slo-model';
import type { RecordingRule } from './prometheus-rules';
import { requestMatchers } from './promql';

/** Server errors burn the availability budget; client aborts (499) and 4xx are the caller's doing. */
export const SERVER_ERROR_STATUS = '5..';

function totalRate(slo: SloModel, window: string): string {
  return `sum(rate(${selector(`${HTTP_REQUEST_DURATION}_count`, requestMatchers(slo))}[${window}]))`;
}

function errorRatio(slo: SloModel, window: string): string {
  const total = totalRate(slo, window);
  if (slo.kind === 'availability') {
    const errors = selector(`${HTTP_REQUEST_DURATION}_count`, {
      ...requestMatchers(slo),
      http_response_status_code: { regex: SERVER_ERROR_STATUS },
    });
    // `or vector(0)`: with no 5xx series yet the ratio is 0, not absent, so dashboards show a flat line.
    return `(sum(rate(${errors}[${window}])) or vector(0))\n/\n${total}`;
  }
  const fast = selector(`${HTTP_REQUEST_DURATION}_bucket`, {
    ...requestMatchers(slo),
    le: promNumber(slo.thresholdSeconds as number),
  });
  return `1 - (\n  sum(rate(${fast}[${window}]))\n  /\n  ${total}\n)`;
}

/**
 * The error ratio and request rate of one SLO over each window, labelled with `job` and `slo`; named after
 * the workbook's `job:slo_errors_per_request:ratio_rate1h` (conventions' sloErrorRatio, sloRequestRate).
 */
export function sliRecordingRules(slo: SloModel, windows: readonly string[]): RecordingRule[] {
  const labels = { job: slo.job, slo: slo.name };
  return windows.flatMap((window) => [
    { record: sloErrorRatio(window), expr: errorRatio(slo, window), labels },
    { record: sloRequestRate(window), expr: totalRate(slo, window), labels },
  ]);
}

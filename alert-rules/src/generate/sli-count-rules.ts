import { HTTP_REQUEST_DURATION, promNumber, selector } from '@perflens/conventions';
import type { SloModel } from '../model/slo-model';
import type { RecordingRule } from './prometheus-rules';
import { requestMatchers } from './promql';
import { SERVER_ERROR_STATUS } from './sli-recording-rules';

/** Bad requests of one SLO counted over a window: `slo:sli_bad_requests:increase5m`. */
export function sloBadRequests(window: string): string {
  return `slo:sli_bad_requests:increase${window}`;
}

/** All requests of one SLO counted over a window: `slo:sli_requests:increase5m`. */
export function sloRequests(window: string): string {
  return `slo:sli_requests:increase${window}`;
}

function totalIncrease(slo: SloModel, window: string): string {
  return `sum(increase(${selector(`${HTTP_REQUEST_DURATION}_count`, requestMatchers(slo))}[${window}]))`;
}

function badIncrease(slo: SloModel, window: string): string {
  if (slo.kind === 'availability') {
    const errors = selector(`${HTTP_REQUEST_DURATION}_count`, {
      ...requestMatchers(slo),
      http_response_status_code: { regex: SERVER_ERROR_STATUS },
    });
    // `or vector(0)`: no 5xx series yet means no bad request, not an absent count.
    return `sum(increase(${errors}[${window}])) or vector(0)`;
  }
  const fast = selector(`${HTTP_REQUEST_DURATION}_bucket`, {
    ...requestMatchers(slo),
    le: promNumber(slo.thresholdSeconds as number),
  });
  return `${totalIncrease(slo, window)}\n-\nsum(increase(${fast}[${window}]))`;
}

/**
 * Bad and total requests of one SLO counted over the base window (5m), the inputs of the period ratio
 * (slo-metadata-rules.ts). Counts, unlike the 5m ratio, stay numbers when nothing was served: an idle
 * 5 minutes records 0 and 0, where the ratio records 0/0 = NaN. `increase()` handles counter resets
 * (a restarted service starts from 0 again).
 */
export function sliCountRules(slo: SloModel, baseWindow: string): RecordingRule[] {
  const labels = { job: slo.job, slo: slo.name };
  return [
    { record: sloBadRequests(baseWindow), expr: badIncrease(slo, baseWindow), labels },
    { record: sloRequests(baseWindow), expr: totalIncrease(slo, baseWindow), labels },
  ];
}

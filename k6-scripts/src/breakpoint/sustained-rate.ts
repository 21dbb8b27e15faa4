import { sloThresholds, thresholdMetric, type Thresholds } from '../shared/slo-thresholds.ts';
import type { ServiceSloThresholds } from '../shared/slo-thresholds-file.ts';
import type { SummaryMetric } from '../summary/summary-data.ts';
import { formatNumber } from '../summary/markdown-report.ts';
import { TARGET_RATE_TAG, type RateStep } from './rate-steps.ts';

/** Share of a step's planned requests that must have been sent for the step to count as sustained. */
export const MIN_SENT_SHARE = 0.9;

function stepTags(step: RateStep): Record<string, string> {
  return { [TARGET_RATE_TAG]: String(step.rate) };
}

/** Key of the request counter of one step. */
function sentMetric(step: RateStep): string {
  return `http_reqs{${TARGET_RATE_TAG}:${step.rate}}`;
}

/**
 * Per-step copies of the SLO thresholds, which never abort; they make k6 evaluate every step on its own, and
 * sub-metrics appear in the summary only when a threshold names them (grafana/k6#1321). The always-true
 * `count>=0` on the step's request counter exists for that reason: it reports how many requests were sent.
 */
export function stepThresholds(service: ServiceSloThresholds, steps: readonly RateStep[]): Thresholds {
  const thresholds: Thresholds = {};
  for (const step of steps) {
    Object.assign(thresholds, sloThresholds(service, { tags: stepTags(step) }));
    thresholds[sentMetric(step)] = ['count>=0'];
  }
  return thresholds;
}

export interface StepVerdict {
  rate: number;
  sent: number;
  withinSlo: boolean;
  reason: string;
}

export interface SustainedRate {
  /** Highest rate whose step and every step below held the SLO; undefined when the first step failed. */
  sustainedRate?: number;
  steps: StepVerdict[];
}

/** Judges each step from the summary: every SLO threshold held and the load generator kept up. */
export function sustainedRate(
  service: ServiceSloThresholds,
  steps: readonly RateStep[],
  metrics: Readonly<Record<string, SummaryMetric>>,
): SustainedRate {
  const verdicts: StepVerdict[] = [];
  let sustained: number | undefined;
  let broken = false;
  for (const step of steps) {
    const sent = metrics[sentMetric(step)]?.values.count ?? 0;
    const planned = step.rate * (step.holdEndSeconds - step.holdStartSeconds);
    const failed = service.thresholds
      .filter((slo) => {
        const metric = metrics[thresholdMetric(slo, stepTags(step))];
        return !metric || Object.values(metric.thresholds ?? {}).some((result) => !result.ok);
      })
      .map((slo) => slo.sloId);
    let reason = 'within the SLO';
    if (sent < planned * MIN_SENT_SHARE) reason = `sent ${sent} of ${planned} planned requests`;
    else if (failed.length > 0) reason = `broke ${[...new Set(failed)].join(', ')}`;
    const withinSlo = reason === 'within the SLO';
    verdicts.push({ rate: step.rate, sent, withinSlo, reason });
    if (!withinSlo) broken = true;
    if (withinSlo && !broken) sustained = step.rate;
  }
  return { ...(sustained === undefined ? {} : { sustainedRate: sustained }), steps: verdicts };
}

/** Markdown section for the breakpoint report, up to the first step that broke. */
export function sustainedRateSection(result: SustainedRate): string {
  const headline =
    result.sustainedRate === undefined
      ? 'No step held the SLO: the service is below the first step.'
      : `Highest rate sustained within the SLO: **${formatNumber(result.sustainedRate)} requests/s**.`;
  const firstBroken = result.steps.findIndex((step) => !step.withinSlo);
  const shown = firstBroken === -1 ? result.steps : result.steps.slice(0, firstBroken + 1);
  const rows = shown.map(
    (step) => `| ${step.rate} | ${step.sent} | ${step.withinSlo ? '✅' : '❌'} ${step.reason} |`,
  );
  return [
    '### Capacity',
    '',
    headline,
    '',
    '| Target (req/s) | Sent | Result |',
    '| ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}

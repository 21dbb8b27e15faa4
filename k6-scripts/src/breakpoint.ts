// Breakpoint (capacity): a staircase of arrival rates, BREAKPOINT_STEP_RATE more requests/s every
// BREAKPOINT_STEP_DURATION up to BREAKPOINT_MAX_RATE, until the service breaks its SLO; the SLO thresholds
// abort the run then (k6 docs, "Breakpoint testing": ramping-arrival-rate, stop with abortOnFail). Run it on
// demand, not in every pipeline: it is meant to fail. The summary names the highest rate sustained within
// the SLO, judged step by step.
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { rampingRateScenario } from './shared/load-profiles.ts';
import { requestFromMix } from './shared/endpoint-request.ts';
import { k6Duration } from './shared/durations.ts';
import { sloThresholds } from './shared/slo-thresholds.ts';
import { loadTestContext } from './shared/test-context.ts';
import { testOptions } from './shared/test-options.ts';
import {
  TARGET_RATE_TAG,
  rateSteps,
  staircaseStages,
  stepAt,
  type RateStep,
} from './breakpoint/rate-steps.ts';
import { stepThresholds, sustainedRate, sustainedRateSection } from './breakpoint/sustained-rate.ts';
import type { SummaryData } from './summary/summary-data.ts';
import { summaryFiles } from './summary/summary-files.ts';
import { formatNumber } from './summary/markdown-report.ts';

/** Short ramps between steps, so the time is spent at the levels being judged; no longer than a step. */
const STEP_RAMP_SECONDS = 10;

const { config, service, mix } = loadTestContext('breakpoint', __ENV, (file) => open(file));

const steps: RateStep[] = rateSteps({
  stepRate: config.breakpointStepRate,
  maxRate: config.breakpointMaxRate,
  rampSeconds: Math.min(STEP_RAMP_SECONDS, config.breakpointStepSeconds),
  holdSeconds: config.breakpointStepSeconds,
});

export const options: Options = testOptions({
  config,
  service,
  scenario: rampingRateScenario(staircaseStages(steps), config.maxIterationSeconds),
  // Judging only after the first step keeps a few slow first requests from ending the run.
  sloThresholds: sloThresholds(service, {
    abortOnFail: true,
    delayAbortEval: k6Duration((steps[0] as RateStep).holdEndSeconds),
  }),
  extraThresholds: stepThresholds(service, steps),
});

export default function breakpoint(): void {
  const step = stepAt(steps, (Date.now() - exec.scenario.startTime) / 1000);
  requestFromMix(config.baseUrl, mix, step ? { [TARGET_RATE_TAG]: String(step.rate) } : {});
}

export function handleSummary(data: SummaryData): Record<string, string> {
  const result = sustainedRate(service, steps, data.metrics);
  return summaryFiles(data, {
    ...config,
    sections: [sustainedRateSection(result)],
    headline:
      result.sustainedRate === undefined
        ? 'breakpoint: no step held the SLO'
        : `breakpoint: highest rate sustained within the SLO: ${formatNumber(result.sustainedRate)} requests/s`,
  });
}

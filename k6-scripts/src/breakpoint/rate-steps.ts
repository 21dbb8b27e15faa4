import type { RateStage } from '../shared/load-profiles.ts';

/** One level of the breakpoint staircase: a short ramp to `rate`, then a hold at it. */
export interface RateStep {
  rate: number;
  holdStartSeconds: number;
  holdEndSeconds: number;
}

export interface StaircaseInput {
  stepRate: number;
  maxRate: number;
  rampSeconds: number;
  holdSeconds: number;
}

/** Each step tags its samples with its rate, so the number of steps bounds that tag's cardinality. */
export const MAX_STEPS = 50;

/**
 * Rates stepRate, 2 × stepRate, ... up to maxRate. A staircase rather than one long ramp (the k6 docs'
 * breakpoint example) so that each level is held long enough to judge it against the SLO on its own.
 */
export function rateSteps(input: StaircaseInput): RateStep[] {
  const count = Math.floor(input.maxRate / input.stepRate);
  if (count < 1) throw new Error(`BREAKPOINT_MAX_RATE (${input.maxRate}) is below BREAKPOINT_STEP_RATE`);
  if (count > MAX_STEPS) {
    throw new Error(`BREAKPOINT_MAX_RATE / BREAKPOINT_STEP_RATE makes ${count} steps; at most ${MAX_STEPS}`);
  }
  const period = input.rampSeconds + input.holdSeconds;
  return Array.from({ length: count }, (_, index) => ({
    rate: input.stepRate * (index + 1),
    holdStartSeconds: index * period + input.rampSeconds,
    holdEndSeconds: (index + 1) * period,
  }));
}

/** The ramping-arrival-rate stages that walk the staircase. */
export function staircaseStages(steps: readonly RateStep[]): RateStage[] {
  return steps.flatMap((step, index) => {
    const holdStart = index === 0 ? 0 : (steps[index - 1] as RateStep).holdEndSeconds;
    return [
      { seconds: step.holdStartSeconds - holdStart, rate: step.rate },
      { seconds: step.holdEndSeconds - step.holdStartSeconds, rate: step.rate },
    ];
  });
}

/** The step being held `elapsedSeconds` after the scenario started; undefined during ramps and after. */
export function stepAt(steps: readonly RateStep[], elapsedSeconds: number): RateStep | undefined {
  return steps.find(
    (step) => elapsedSeconds >= step.holdStartSeconds && elapsedSeconds < step.holdEndSeconds,
  );
}

/** Tag that marks samples of a held step: `target_rate=<requests per second>`. */
export const TARGET_RATE_TAG = 'target_rate';

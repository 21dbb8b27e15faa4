import type { ConstantVUsScenario, RampingArrivalRateScenario, Stage } from 'k6/options';
import { k6Duration } from './durations.ts';
import type { EnvConfig } from './env-config.ts';

/** A point of an arrival-rate profile: reach `rate` requests per second over `seconds`. */
export interface RateStage {
  seconds: number;
  rate: number;
}

/**
 * VU pool for an arrival-rate scenario. k6 starts an iteration per time unit whatever the latency (an open
 * model), so it needs rate × iteration time VUs; when the pool runs out it drops iterations and reports
 * `dropped_iterations` instead of silently lowering the load (k6 docs, "Arrival-rate VU allocation").
 */
export function vuPool(
  peakRate: number,
  maxIterationSeconds: number,
): { preAllocatedVUs: number; maxVUs: number } {
  const maxVUs = Math.max(1, Math.ceil(peakRate * maxIterationSeconds));
  return { preAllocatedVUs: Math.max(1, Math.ceil(maxVUs / 4)), maxVUs };
}

/** A ramping-arrival-rate scenario through the given stages, one iteration (one request) per arrival. */
export function rampingRateScenario(
  stages: readonly RateStage[],
  maxIterationSeconds: number,
  startRate = 0,
): RampingArrivalRateScenario {
  const peakRate = Math.max(startRate, ...stages.map((stage) => stage.rate));
  const k6Stages: Stage[] = stages.map((stage) => ({
    duration: k6Duration(stage.seconds),
    target: stage.rate,
  }));
  return {
    executor: 'ramping-arrival-rate',
    startRate,
    timeUnit: '1s',
    ...vuPool(peakRate, maxIterationSeconds),
    stages: k6Stages,
  };
}

/** Smoke: a couple of VUs for a short while, enough to prove the script and the service work. */
export function smokeScenario(config: EnvConfig): ConstantVUsScenario {
  return { executor: 'constant-vus', vus: config.smokeVus, duration: k6Duration(config.holdSeconds) };
}

/** Ramp to `rate`, hold it, ramp down: the shape of the average-load, stress and soak tests (k6 docs). */
export function plateauStages(rate: number, rampSeconds: number, holdSeconds: number): RateStage[] {
  return [
    { seconds: rampSeconds, rate },
    { seconds: holdSeconds, rate },
    { seconds: rampSeconds, rate: 0 },
  ];
}

/** Average load: the usual production rate (LOAD_RATE). */
export function averageLoadScenario(config: EnvConfig): RampingArrivalRateScenario {
  return rampingRateScenario(
    plateauStages(config.loadRate, config.rampSeconds, config.holdSeconds),
    config.maxIterationSeconds,
  );
}

/** Stress: the average rate times STRESS_MULTIPLIER, held as long as an average-load test. */
export function stressScenario(config: EnvConfig): RampingArrivalRateScenario {
  const rate = Math.round(config.loadRate * config.stressMultiplier);
  return rampingRateScenario(
    plateauStages(rate, config.rampSeconds, config.holdSeconds),
    config.maxIterationSeconds,
  );
}

/**
 * Spike: from the average rate straight to SPIKE_MULTIPLIER times it and back, with a short peak and time at
 * the average rate afterwards to see whether the service recovers (k6 docs, "Spike testing").
 */
export function spikeScenario(config: EnvConfig): RampingArrivalRateScenario {
  const peak = Math.round(config.loadRate * config.spikeMultiplier);
  // A quarter of the ramp, at least 10 s, but never longer than the ramp itself (short test runs).
  const riseSeconds = Math.min(config.rampSeconds, Math.max(10, Math.round(config.rampSeconds / 4)));
  return rampingRateScenario(
    [
      { seconds: riseSeconds, rate: peak },
      { seconds: config.holdSeconds, rate: peak },
      { seconds: riseSeconds, rate: config.loadRate },
      { seconds: config.rampSeconds, rate: config.loadRate },
      { seconds: riseSeconds, rate: 0 },
    ],
    config.maxIterationSeconds,
    config.loadRate,
  );
}

/** Soak: the average rate for hours (SOAK_DURATION), long enough for leaks to show. */
export function soakScenario(config: EnvConfig): RampingArrivalRateScenario {
  return rampingRateScenario(
    plateauStages(config.loadRate, config.rampSeconds, config.soakSeconds),
    config.maxIterationSeconds,
  );
}

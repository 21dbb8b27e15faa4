import { rateSteps, staircaseStages, stepAt } from './rate-steps.ts';

const steps = rateSteps({ stepRate: 10, maxRate: 35, rampSeconds: 10, holdSeconds: 60 });

describe('rateSteps', () => {
  it('climbs by the step rate without passing the maximum', () => {
    expect(steps).toEqual([
      { rate: 10, holdStartSeconds: 10, holdEndSeconds: 70 },
      { rate: 20, holdStartSeconds: 80, holdEndSeconds: 140 },
      { rate: 30, holdStartSeconds: 150, holdEndSeconds: 210 },
    ]);
  });

  it('walks the staircase as ramp and hold stages', () => {
    expect(staircaseStages(steps)).toEqual([
      { seconds: 10, rate: 10 },
      { seconds: 60, rate: 10 },
      { seconds: 10, rate: 20 },
      { seconds: 60, rate: 20 },
      { seconds: 10, rate: 30 },
      { seconds: 60, rate: 30 },
    ]);
  });

  it.each([
    { input: { stepRate: 50, maxRate: 40 }, error: 'BREAKPOINT_MAX_RATE (40) is below BREAKPOINT_STEP_RATE' },
    {
      input: { stepRate: 1, maxRate: 51 },
      error: 'BREAKPOINT_MAX_RATE / BREAKPOINT_STEP_RATE makes 51 steps; at most 50',
    },
  ])('rejects $input', ({ input, error }) => {
    expect(() => rateSteps({ ...input, rampSeconds: 10, holdSeconds: 60 })).toThrow(error);
  });
});

describe('stepAt', () => {
  it.each([
    { elapsed: 5, rate: undefined },
    { elapsed: 10, rate: 10 },
    { elapsed: 69.9, rate: 10 },
    { elapsed: 75, rate: undefined },
    { elapsed: 209, rate: 30 },
    { elapsed: 210, rate: undefined },
  ])('at $elapsed s the held rate is $rate', ({ elapsed, rate }) => {
    expect(stepAt(steps, elapsed)?.rate).toBe(rate);
  });
});

import { readEnvConfig } from './env-config.ts';
import { averageLoadScenario, soakScenario, spikeScenario, stressScenario, vuPool } from './load-profiles.ts';

const config = readEnvConfig('average-load', { LOAD_RATE: '10', RAMP_DURATION: '1m', HOLD_DURATION: '5m' });
const stagesOf = (scenario: { stages: { duration: string; target: number }[] }) =>
  scenario.stages.map((stage) => `${stage.duration}→${stage.target}`);

describe('load profiles', () => {
  it.each([
    {
      title: 'average load ramps to the rate, holds it and ramps down',
      build: averageLoadScenario,
      stages: ['60s→10', '300s→10', '60s→0'],
      startRate: 0,
    },
    {
      title: 'stress holds twice the rate',
      build: stressScenario,
      stages: ['60s→20', '300s→20', '60s→0'],
      startRate: 0,
    },
    {
      title: 'spike jumps to ten times the rate and returns to the rate',
      build: spikeScenario,
      stages: ['15s→100', '300s→100', '15s→10', '60s→10', '15s→0'],
      startRate: 10,
    },
    {
      title: 'soak holds the rate for SOAK_DURATION',
      build: soakScenario,
      stages: ['60s→10', '7200s→10', '60s→0'],
      startRate: 0,
    },
  ])('$title', ({ build, stages, startRate }) => {
    const scenario = build(config);
    expect(scenario.executor).toBe('ramping-arrival-rate');
    expect(scenario.timeUnit).toBe('1s');
    expect(scenario.startRate).toBe(startRate);
    expect(stagesOf(scenario)).toEqual(stages);
  });

  it('never rises to the spike for longer than the ramp, so short runs stay short', () => {
    const short = readEnvConfig('spike', { LOAD_RATE: '5', RAMP_DURATION: '2s', HOLD_DURATION: '3s' });
    expect(stagesOf(spikeScenario(short))).toEqual(['2s→50', '3s→50', '2s→5', '2s→5', '2s→0']);
  });

  it.each([
    { peakRate: 100, seconds: 2, pool: { preAllocatedVUs: 50, maxVUs: 200 } },
    { peakRate: 0.5, seconds: 1, pool: { preAllocatedVUs: 1, maxVUs: 1 } },
  ])('sizes $peakRate requests/s of at most $seconds s as $pool', ({ peakRate, seconds, pool }) => {
    expect(vuPool(peakRate, seconds)).toEqual(pool);
  });
});

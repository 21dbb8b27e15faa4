import { readEnvConfig } from './env-config.ts';

describe('readEnvConfig', () => {
  it('defaults to the demo service on this machine', () => {
    expect(readEnvConfig('average-load', {})).toEqual({
      testType: 'average-load',
      baseUrl: 'http://127.0.0.1:3000',
      testId: 'average-load-local',
      sloService: 'demo-api',
      endpointMixFile: '../endpoint-mix.json',
      resultsDir: 'results',
      loadRate: 20,
      rampSeconds: 120,
      holdSeconds: 600,
      maxIterationSeconds: 2,
      smokeVus: 2,
      stressMultiplier: 2,
      spikeMultiplier: 10,
      soakSeconds: 7200,
      breakpointMaxRate: 500,
      breakpointStepRate: 20,
      breakpointStepSeconds: 60,
      memoryGrowthLimitBytesPerHour: 52_428_800,
    });
  });

  it.each([
    {
      title: 'the base URL without a trailing slash',
      env: { BASE_URL: 'https://shop.example/' },
      key: 'baseUrl',
      value: 'https://shop.example',
    },
    { title: 'the hold duration in seconds', env: { HOLD_DURATION: '3m' }, key: 'holdSeconds', value: 180 },
    { title: 'a soak of a day', env: { SOAK_DURATION: '1d' }, key: 'soakSeconds', value: 86_400 },
    { title: 'a fractional load rate', env: { LOAD_RATE: '2.5' }, key: 'loadRate', value: 2.5 },
    {
      title: 'the Prometheus URL',
      env: { PROMETHEUS_URL: 'http://prom:9090/' },
      key: 'prometheusUrl',
      value: 'http://prom:9090',
    },
    {
      title: 'the memory limit in bytes',
      env: { MEMORY_GROWTH_LIMIT_MB_PER_HOUR: '1' },
      key: 'memoryGrowthLimitBytesPerHour',
      value: 1_048_576,
    },
  ])('reads $title', ({ env, key, value }) => {
    expect(readEnvConfig('smoke', env)).toHaveProperty(key, value);
  });

  it.each([
    { env: { LOAD_RATE: '0' }, error: 'LOAD_RATE: "0" is not a positive number' },
    {
      env: { HOLD_DURATION: '10 minutes' },
      error: 'HOLD_DURATION: "10 minutes" is not a duration such as 30s, 15m, 1h or 30d',
    },
    {
      env: { RAMP_DURATION: '0s' },
      error: 'RAMP_DURATION: "0s" is not a duration such as 30s, 15m, 1h or 30d',
    },
    { env: { BASE_URL: 'localhost:3000' }, error: 'BASE_URL: "localhost:3000" is not an http(s) URL' },
    {
      env: { TESTID: 'has space' },
      error: 'TESTID: "has space" must be 1-128 letters, digits, "_", ".", ":" or "-"',
    },
  ])('rejects $env with an error naming the variable', ({ env, error }) => {
    expect(() => readEnvConfig('smoke', env)).toThrow(error);
  });
});

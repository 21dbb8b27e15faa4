import { k6TrafficProcess, UP_TESTID } from './k6-traffic';

describe('k6TrafficProcess', () => {
  const options = k6TrafficProcess({
    k6: '/opt/k6/k6',
    script: '/repo/k6-scripts/dist/average-load.js',
    baseUrl: 'http://127.0.0.1:3000',
    prometheusPort: 9090,
    rate: 35,
    resultsDir: '/repo/.perflens/logs',
  });
  const variables = Object.fromEntries(
    options.args
      .flatMap((arg, index) =>
        options.args[index - 1] === '-e' ? [arg.split('=', 2) as [string, string]] : [],
      )
      .map(([name, value]) => [name, value]),
  );

  it('runs the average-load bundle with remote write, quietly, from the k6 it was given', () => {
    expect(options.command).toBe('/opt/k6/k6');
    expect(options.args.slice(0, 5)).toEqual([
      'run',
      '--quiet',
      '--no-color',
      '-o',
      'experimental-prometheus-rw',
    ]);
    expect(options.args.at(-1)).toBe('/repo/k6-scripts/dist/average-load.js');
    expect(options.env).toEqual(
      expect.objectContaining({
        K6_NO_USAGE_REPORT: 'true',
        K6_PROMETHEUS_RW_SERVER_URL: 'http://127.0.0.1:9090/api/v1/write',
        K6_PROMETHEUS_RW_STALE_MARKERS: 'true',
      }),
    );
  });

  it('sends --rate requests/s under testid perflens-up until the stack stops it', () => {
    expect(variables).toEqual({
      BASE_URL: 'http://127.0.0.1:3000',
      TESTID: UP_TESTID,
      LOAD_RATE: '35',
      RAMP_DURATION: '10s',
      HOLD_DURATION: '30d',
      RESULTS_DIR: '/repo/.perflens/logs',
    });
  });
});

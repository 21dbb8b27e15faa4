import path from 'node:path';
import { defaultTestId, findK6, INSTALL_HELP, k6Invocation, parseK6Version, TREND_STATS } from './run-k6.ts';

const workspace = path.resolve(__dirname, '..');
const now = new Date('2026-03-04T05:06:07.890Z');

describe('findK6', () => {
  it.each([
    { title: 'K6_BIN when it is executable', env: { K6_BIN: '/opt/k6', PATH: '/usr/bin' }, found: '/opt/k6' },
    {
      title: 'the first k6 on PATH',
      env: { PATH: ['/nope', '/usr/local/bin', '/usr/bin'].join(path.delimiter) },
      found: '/usr/local/bin/k6',
    },
    { title: 'nothing when PATH has no k6', env: { PATH: '/nope' }, found: undefined },
    {
      title: 'nothing when K6_BIN is not executable',
      env: { K6_BIN: '/missing/k6', PATH: '/usr/local/bin' },
      found: undefined,
    },
  ])('finds $title', ({ env, found }) => {
    const executables = new Set(['/opt/k6', '/usr/local/bin/k6', '/usr/bin/k6']);
    expect(findK6(env, (file) => executables.has(file))).toBe(found);
  });

  it('explains how to install k6 when it is missing', () => {
    expect(INSTALL_HELP).toContain('brew install k6');
    expect(INSTALL_HELP).toContain('https://grafana.com/docs/k6/latest/set-up/install-k6/');
  });
});

describe('parseK6Version', () => {
  it.each([
    { text: 'k6 v0.52.0 (commit/20240606, go1.22.4, linux/amd64)', version: [0, 52, 0] },
    { text: 'k6 v2.2.0 (go1.24.6, linux/amd64)\nExtensions:\n', version: [2, 2, 0] },
  ])('reads $version from "$text"', ({ text, version }) => {
    expect(parseK6Version(text)).toEqual(version);
  });
});

describe('k6Invocation', () => {
  it.each([
    { title: 'k6 0.57 runs the TypeScript script', version: [0, 57, 0] as const, script: 'src/smoke.ts' },
    { title: 'k6 1.0 runs the TypeScript script', version: [1, 0, 0] as const, script: 'src/smoke.ts' },
    { title: 'k6 0.56 runs the webpack bundle', version: [0, 56, 2] as const, script: 'dist/smoke.js' },
  ])('$title', ({ version, script }) => {
    const run = k6Invocation({ testType: 'smoke', version, env: {}, now });
    expect(path.relative(workspace, run.script)).toBe(script);
  });

  it('passes one testid for the whole run and writes results into the workspace', () => {
    const run = k6Invocation({
      testType: 'stress',
      version: [1, 0, 0],
      env: {},
      now,
      extraArgs: ['--quiet'],
    });
    const results = path.join(workspace, 'results');
    expect(run.args).toEqual([
      'run',
      '-e',
      'TESTID=stress-20260304T050607',
      '-e',
      `RESULTS_DIR=${results}`,
      '--quiet',
      path.join(workspace, 'src/stress.ts'),
    ]);
    expect(run.env).toMatchObject({ TESTID: 'stress-20260304T050607', RESULTS_DIR: results });
  });

  it('streams to Prometheus remote write when PROMETHEUS_URL is set, with the trend stats dashboards read', () => {
    const run = k6Invocation({
      testType: 'soak',
      version: [1, 0, 0],
      env: { PROMETHEUS_URL: 'http://prom:9090/', TESTID: 'nightly-7' },
      now,
    });
    expect(run.args.slice(0, 7)).toEqual([
      'run',
      '-e',
      'TESTID=nightly-7',
      '-e',
      expect.any(String),
      '-o',
      'experimental-prometheus-rw',
    ]);
    expect(run.env).toMatchObject({
      K6_PROMETHEUS_RW_SERVER_URL: 'http://prom:9090/api/v1/write',
      K6_PROMETHEUS_RW_TREND_STATS: TREND_STATS,
      K6_PROMETHEUS_RW_STALE_MARKERS: 'true',
    });
  });

  it('keeps an explicit remote-write URL and trend stats', () => {
    const env = {
      K6_PROMETHEUS_RW_SERVER_URL: 'https://mimir/api/v1/push',
      K6_PROMETHEUS_RW_TREND_STATS: 'p(99)',
    };
    const run = k6Invocation({ testType: 'spike', version: [1, 0, 0], env, now });
    expect(run.env).toMatchObject(env);
  });

  it('names the test types when given another', () => {
    expect(() => k6Invocation({ testType: 'load', version: [1, 0, 0], env: {}, now })).toThrow(
      'unknown test type "load": one of smoke, average-load, stress, spike, soak, breakpoint, frontend',
    );
  });

  it('makes a testid from the test type and the UTC time', () => {
    expect(defaultTestId('breakpoint', now)).toBe('breakpoint-20260304T050607');
  });

  it('turns k6 usage reports off unless asked for, and Chromium’s sandbox off for the frontend test as root', () => {
    expect(
      k6Invocation({ testType: 'smoke', version: [0, 47, 0], env: {}, now }).env.K6_NO_USAGE_REPORT,
    ).toBe('true');
    const frontend = (root: boolean, env: Record<string, string> = {}) =>
      k6Invocation({ testType: 'frontend', version: [0, 47, 0], env, now, root }).env.K6_BROWSER_ARGS;
    expect(frontend(true)).toBe('no-sandbox');
    expect(frontend(false)).toBeUndefined();
    expect(frontend(true, { K6_BROWSER_ARGS: 'window-size=800,600' })).toBe('window-size=800,600');
  });
});

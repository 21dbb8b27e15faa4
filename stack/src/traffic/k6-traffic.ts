import path from 'node:path';
import type { ManagedProcessOptions } from '@perflens/supervisor';

/** The testid of `perflens up` traffic: the load-test dashboard and `perflens analyze --testid` select it. */
export const UP_TESTID = 'perflens-up';
/** Trend statistics remote-written (as k6-scripts' npm runner does): the dashboard reads p95, p99, avg... */
const TREND_STATS = 'p(75),p(95),p(99),min,max,avg,med,count,sum';
/**
 * The plateau: long enough to be "until stopped" (the stack stops k6 first); k6 ending before that is an
 * early exit, which the caller answers with the built-in generator.
 */
const HOLD = '30d';

export interface K6TrafficInput {
  k6: string;
  /** The average-load bundle (k6-scripts/dist/average-load.js, made by `npm run build`). */
  script: string;
  baseUrl: string;
  prometheusPort: number;
  /** Requests per second: the average-load script's LOAD_RATE (one request per iteration). */
  rate: number;
  /** Where handleSummary writes its reports when k6 stops. */
  resultsDir: string;
}

/**
 * k6 running the average-load bundle (k6-scripts/dist, CommonJS: starts at once on k6 0.45+) at `--rate`
 * requests/s after a 10 s ramp, results remote-written to the stack's Prometheus under testid perflens-up.
 * Variables go in with -e, so the script sees them whatever the environment says.
 */
export function k6TrafficProcess(input: K6TrafficInput): ManagedProcessOptions {
  const variables: Record<string, string> = {
    BASE_URL: input.baseUrl,
    TESTID: UP_TESTID,
    LOAD_RATE: String(input.rate),
    RAMP_DURATION: '10s',
    HOLD_DURATION: HOLD,
    RESULTS_DIR: input.resultsDir,
  };
  return {
    label: 'k6',
    command: input.k6,
    args: [
      'run',
      '--quiet',
      '--no-color',
      '-o',
      'experimental-prometheus-rw',
      ...Object.entries(variables).flatMap(([name, value]) => ['-e', `${name}=${value}`]),
      input.script,
    ],
    cwd: path.dirname(input.script),
    env: {
      ...process.env,
      K6_NO_USAGE_REPORT: 'true',
      K6_PROMETHEUS_RW_SERVER_URL: `http://127.0.0.1:${input.prometheusPort}/api/v1/write`,
      K6_PROMETHEUS_RW_TREND_STATS: TREND_STATS,
      K6_PROMETHEUS_RW_STALE_MARKERS: 'true',
    },
  };
}

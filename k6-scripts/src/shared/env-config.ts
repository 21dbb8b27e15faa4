import { parseDuration } from './conventions.ts';

/** The test types of the suite, one entry script each (src/<test type>.ts). */
export type TestType = 'smoke' | 'average-load' | 'stress' | 'spike' | 'soak' | 'breakpoint' | 'frontend';

/** Everything the scripts read from `__ENV`, validated once in the init context. */
export interface EnvConfig {
  testType: TestType;
  /** Service under test; the default is the demo service. */
  baseUrl: string;
  /** Tag on every sample so Prometheus series and `perflens analyze --testid` can select one run. */
  testId: string;
  /** Service in the SLO file whose SLOs become the thresholds. */
  sloService: string;
  /** Endpoint-mix JSON, relative to the entry script (src/ and dist/ are both one level below it). */
  endpointMixFile: string;
  resultsDir: string;
  /** Average production request rate (requests per second) that the load profiles scale from. */
  loadRate: number;
  rampSeconds: number;
  holdSeconds: number;
  /** Longest expected iteration, used to size the VU pool of arrival-rate scenarios. */
  maxIterationSeconds: number;
  smokeVus: number;
  stressMultiplier: number;
  spikeMultiplier: number;
  soakSeconds: number;
  breakpointMaxRate: number;
  breakpointStepRate: number;
  breakpointStepSeconds: number;
  /** Prometheus that scrapes the service under test; the soak test reads memory series from it. */
  prometheusUrl?: string;
  memoryGrowthLimitBytesPerHour: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Hold durations that suit each type when HOLD_DURATION is not set (k6 docs, "Test types"). */
const DEFAULT_HOLD: Readonly<Record<TestType, string>> = {
  smoke: '30s',
  'average-load': '10m',
  stress: '10m',
  spike: '1m',
  soak: '2h',
  breakpoint: '1m',
  // Not a timed test: it loads its pages FRONTEND_ITERATIONS times (frontend/web-vitals.ts).
  frontend: '30s',
};

function positiveNumber(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: "${text}" is not a positive number`);
  return value;
}

function duration(env: Env, name: string, fallback: string): number {
  const text = env[name];
  return parseDuration(text === undefined || text === '' ? fallback : text, name);
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const text = env[name] || fallback;
  if (text === undefined) return undefined;
  if (!/^https?:\/\/[^/\s]+/.test(text)) throw new Error(`${name}: "${text}" is not an http(s) URL`);
  return text.replace(/\/+$/, '');
}

/**
 * Reads the suite's configuration from environment variables (`k6 run -e NAME=value` or the process
 * environment). Errors name the variable. TESTID has a fixed default rather than a timestamp because every VU
 * runs the init context on its own (k6 docs, "Test lifecycle"), so a clock-based default would differ per VU.
 */
export function readEnvConfig(testType: TestType, env: Env): EnvConfig {
  const testId = env.TESTID || `${testType}-local`;
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(testId)) {
    throw new Error(`TESTID: "${testId}" must be 1-128 letters, digits, "_", ".", ":" or "-"`);
  }
  return {
    testType,
    baseUrl: url(env, 'BASE_URL', 'http://127.0.0.1:3000') as string,
    testId,
    sloService: env.SLO_SERVICE || 'demo-api',
    endpointMixFile: env.ENDPOINT_MIX || '../endpoint-mix.json',
    resultsDir: (env.RESULTS_DIR || 'results').replace(/\/+$/, ''),
    loadRate: positiveNumber(env, 'LOAD_RATE', 20),
    rampSeconds: duration(env, 'RAMP_DURATION', testType === 'soak' ? '5m' : '2m'),
    holdSeconds: duration(env, 'HOLD_DURATION', DEFAULT_HOLD[testType]),
    maxIterationSeconds: positiveNumber(env, 'MAX_ITERATION_SECONDS', 2),
    smokeVus: positiveNumber(env, 'SMOKE_VUS', 2),
    stressMultiplier: positiveNumber(env, 'STRESS_MULTIPLIER', 2),
    spikeMultiplier: positiveNumber(env, 'SPIKE_MULTIPLIER', 10),
    soakSeconds: duration(env, 'SOAK_DURATION', DEFAULT_HOLD.soak),
    breakpointMaxRate: positiveNumber(env, 'BREAKPOINT_MAX_RATE', 500),
    breakpointStepRate: positiveNumber(env, 'BREAKPOINT_STEP_RATE', 20),
    breakpointStepSeconds: duration(env, 'BREAKPOINT_STEP_DURATION', DEFAULT_HOLD.breakpoint),
    ...(url(env, 'PROMETHEUS_URL') ? { prometheusUrl: url(env, 'PROMETHEUS_URL') } : {}),
    memoryGrowthLimitBytesPerHour: positiveNumber(env, 'MEMORY_GROWTH_LIMIT_MB_PER_HOUR', 50) * 1024 * 1024,
  };
}

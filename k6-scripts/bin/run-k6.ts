// `npm run k6:<test type>`: finds k6, picks the TypeScript script (k6 >= 0.57 strips types itself) or the
// webpack bundle (older k6), sets a testid and the Prometheus remote-write output, and runs the test.
// When k6 is missing it says how to install it instead of failing with "command not found".
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseSegment, segmentArgs, takeSegmentFlag } from './execution-segment.ts';

type Env = Readonly<Record<string, string | undefined>>;
/** [major, minor, patch] */
export type K6Version = readonly [number, number, number];

const WORKSPACE = path.resolve(__dirname, '..');
export const TEST_TYPES = ['smoke', 'average-load', 'stress', 'spike', 'soak', 'breakpoint', 'frontend'];
/** First k6 release that runs `.ts` files directly (k6 v0.57.0 release notes, #4292). */
const NATIVE_TYPESCRIPT: K6Version = [0, 57, 0];
/**
 * Trend statistics exported through remote write: the k6 default is p(99) only, but the k6 Prometheus
 * dashboard (grafana.com 19665) and `perflens analyze` also read p95, min, max, avg and med.
 */
export const TREND_STATS = 'p(75),p(95),p(99),min,max,avg,med,count,sum';

export const INSTALL_HELP = `k6 was not found: set K6_BIN to its path or put it on PATH.
Install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/):
  Debian/Ubuntu  add Grafana's k6 apt repository as the page above shows, then: sudo apt-get install k6
  macOS          brew install k6
  Windows        winget install k6 --source winget
  Docker         docker run --rm -i -v "$PWD:/work" -w /work grafana/k6 run k6-scripts/dist/smoke.js
  Any system     a release binary from https://github.com/grafana/k6/releases
Then run this command again.`;

/** The executable's path: `K6_BIN`, else the first `k6` on PATH; undefined when there is none. */
export function findK6(
  env: Env,
  isExecutable: (file: string) => boolean = defaultIsExecutable,
): string | undefined {
  if (env.K6_BIN) return isExecutable(env.K6_BIN) ? env.K6_BIN : undefined;
  const names = process.platform === 'win32' ? ['k6.exe', 'k6'] : ['k6'];
  for (const dir of (env.PATH || '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function defaultIsExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** [major, minor, patch] from `k6 version` output such as "k6 v0.52.0 (commit/..., go1.22.4, linux/amd64)". */
export function parseK6Version(text: string): K6Version {
  const match = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) throw new Error(`cannot read a version from "k6 version": ${text.trim()}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function atLeast(version: K6Version, minimum: K6Version): boolean {
  for (let index = 0; index < 3; index++) {
    if (version[index] !== minimum[index]) return (version[index] as number) > (minimum[index] as number);
  }
  return true;
}

/** A testid unique per run and readable: `<test type>-<UTC date and time>`. */
export function defaultTestId(testType: string, now: Date): string {
  return `${testType}-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
}

/**
 * The k6 command line and environment for a test. TESTID goes in with `-e` and becomes `options.tags` in the
 * script; `--tag testid=...` would replace the script's other tags (k6 docs, "Test-wide tags").
 */
export interface K6Invocation {
  script: string;
  testId: string;
  resultsDir: string;
  args: string[];
  env: Record<string, string | undefined>;
}

export function k6Invocation(input: {
  testType: string | undefined;
  version: K6Version;
  env: Env;
  now: Date;
  extraArgs?: readonly string[];
  /** Running as root, where Chromium needs --no-sandbox. */
  root?: boolean;
  /** `i/n`: run part i of n equal execution segments (execution-segment.ts). */
  segment?: string;
}): K6Invocation {
  const { testType = '', version, env, now, extraArgs = [] } = input;
  if (!TEST_TYPES.includes(testType)) {
    throw new Error(`unknown test type "${testType}": one of ${TEST_TYPES.join(', ')}`);
  }
  const script = atLeast(version, NATIVE_TYPESCRIPT)
    ? path.join(WORKSPACE, 'src', `${testType}.ts`)
    : path.join(WORKSPACE, 'dist', `${testType}.js`);
  const testId = env.TESTID || defaultTestId(testType, now);
  const resultsDir = env.RESULTS_DIR || path.join(WORKSPACE, 'results');
  const childEnv: Record<string, string | undefined> = {
    ...env,
    TESTID: testId,
    RESULTS_DIR: resultsDir,
    // No call home from CI or a laptop unless asked for (k6 sends anonymous usage statistics by default).
    K6_NO_USAGE_REPORT: env.K6_NO_USAGE_REPORT || 'true',
  };
  // Chromium refuses to start as root with its sandbox on (containers, CI): the frontend test would fail at once.
  if (testType === 'frontend' && input.root && !env.K6_BROWSER_ARGS) childEnv.K6_BROWSER_ARGS = 'no-sandbox';
  const args = ['run', '-e', `TESTID=${testId}`, '-e', `RESULTS_DIR=${resultsDir}`];
  const remoteWrite =
    env.K6_PROMETHEUS_RW_SERVER_URL ||
    (env.PROMETHEUS_URL && `${env.PROMETHEUS_URL.replace(/\/+$/, '')}/api/v1/write`);
  if (remoteWrite) {
    args.push('-o', 'experimental-prometheus-rw');
    childEnv.K6_PROMETHEUS_RW_SERVER_URL = remoteWrite;
    childEnv.K6_PROMETHEUS_RW_TREND_STATS = env.K6_PROMETHEUS_RW_TREND_STATS || TREND_STATS;
    // Without stale markers a finished test's series stay "live" in Prometheus for five minutes.
    childEnv.K6_PROMETHEUS_RW_STALE_MARKERS = env.K6_PROMETHEUS_RW_STALE_MARKERS || 'true';
  }
  if (input.segment !== undefined)
    args.push(...segmentArgs(parseSegment(input.segment), { testId, testType }));
  args.push(...extraArgs, script);
  return { script, testId, resultsDir, args, env: childEnv };
}

function main(argv: readonly string[]): number {
  const [testType, ...rest] = argv;
  const { segment, rest: extraArgs } = takeSegmentFlag(rest);
  const k6 = findK6(process.env);
  if (!k6) {
    process.stderr.write(`${INSTALL_HELP}\n`);
    return 127;
  }
  const versionRun = spawnSync(k6, ['version'], { encoding: 'utf8' });
  const version = parseK6Version(`${versionRun.stdout}${versionRun.stderr}`);
  const root = process.getuid?.() === 0;
  const run = k6Invocation({
    testType,
    version,
    env: process.env,
    now: new Date(),
    extraArgs,
    root,
    ...(segment === undefined ? {} : { segment }),
  });
  if (!existsSync(run.script)) {
    process.stderr.write(
      `${run.script} is missing: k6 ${version.join('.')} needs the bundles, run "npm run build"\n`,
    );
    return 1;
  }
  mkdirSync(run.resultsDir, { recursive: true });
  process.stderr.write(
    `k6 ${version.join('.')}: ${path.relative(process.cwd(), run.script)}, testid ${run.testId}\n`,
  );
  const result = spawnSync(k6, run.args, { stdio: 'inherit', env: run.env });
  return result.status ?? 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    // A bad test type or --segment: the message names it; a stack trace would only hide it.
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}

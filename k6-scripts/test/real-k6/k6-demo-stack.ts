import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BottleneckName } from '@perflens/demo';
import {
  k6Bundles,
  type K6Binary,
  type K6Result,
  type PrometheusInstance,
  runK6,
  startPrometheus,
  useService,
  useSharedPostgres,
} from '@perflens/test-harness';
import { startDemoProcess, type DemoProcess } from './demo-process';

/** The Prometheus job of the demo: the SLO file's service, whose memory the soak test reads. */
export const DEMO_JOB = 'demo-api';
const ADMIN_TOKEN = 'real-k6-demo-admin-token-0123456789';
/** What the npm runner exports too (bin/run-k6.ts TREND_STATS): analysis and dashboards read these. */
const TREND_STATS = 'p(75),p(95),p(99),min,max,avg,med,count,sum';

/** The demo (its own process, small seed) and a Prometheus that scrapes it and accepts remote write. */
export interface K6DemoStack {
  demo: DemoProcess;
  prometheus: PrometheusInstance;
  switchBottleneck(name: BottleneckName, enabled: boolean): Promise<void>;
  stop(): Promise<void>;
}

async function startK6DemoStack(databaseUrl: string): Promise<K6DemoStack> {
  // Built (or found) while the demo seeds its database; awaited before the stack is handed out.
  const bundles = k6Bundles();
  bundles.catch(() => undefined);
  const demo = await startDemoProcess({ databaseUrl, adminToken: ADMIN_TOKEN, scale: 0.02, poolMax: 10 });
  try {
    const prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: DEMO_JOB, static_configs: [{ targets: [`127.0.0.1:${demo.port}`] }] }],
      },
      extraArgs: ['--web.enable-remote-write-receiver'],
    });
    try {
      await prometheus.waitFor(`up{job="${DEMO_JOB}"} == 1`, (result) => result.length === 1, {
        timeoutMs: 60_000,
      });
    } catch (error) {
      const { activeTargets } = await prometheus.targets();
      const states = activeTargets.map(
        (target) => `${target.scrapeUrl}: ${target.health} ${target.lastError}`,
      );
      await prometheus.stop();
      throw new Error(`${(error as Error).message}\ntargets: ${states.join('; ')}`);
    }
    await warmUp(demo.url);
    await bundles;
    return {
      demo,
      prometheus,
      async switchBottleneck(name, enabled) {
        const response = await fetch(`${demo.url}/admin/bottlenecks/${name}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ enabled }),
        });
        if (!response.ok)
          throw new Error(`switching ${name} answered ${response.status}: ${await response.text()}`);
      },
      async stop() {
        await prometheus.stop();
        await demo.stop();
      },
    };
  } catch (error) {
    await demo.stop();
    throw error;
  }
}

/**
 * A few rounds of the demo's routes before any test: a fresh Node.js process answers its first requests
 * slowly (JIT, first connections of the pool), which is not what the tests judge against the SLO.
 */
async function warmUp(baseUrl: string): Promise<void> {
  const paths = ['/api/products?page=0', '/api/products/1/orders', '/api/orders', '/api/orders/1'];
  const more = ['/api/customers/1/orders', '/api/customers/1/summary', '/api/shipping/quote?country=FR'];
  for (let round = 0; round < 20; round++) {
    await Promise.all(
      [...paths, ...more].map(async (route) => (await fetch(`${baseUrl}${route}`)).arrayBuffer()),
    );
  }
}

/** One stack for the enclosing describe block, on a fresh database of the run's shared PostgreSQL. */
export function useK6DemoStack(): () => K6DemoStack {
  const database = useSharedPostgres();
  return useService('demo and Prometheus for k6', () => startK6DemoStack(database().connectionString));
}

/** A finished test run with the reports handleSummary wrote. */
export interface ScriptRun extends K6Result {
  testId: string;
  /** `<test>-summary.json`, parsed. */
  summary: {
    metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  };
  markdown: string;
  junit: string;
}

/**
 * `k6 run` of a bundle of the current sources (k6Bundles: <test>.js) against the demo, with remote write into the stack's Prometheus
 * (the variables the npm runner sets) and the given script variables (durations, rates: env-config.ts).
 */
export async function runScript(
  k6: K6Binary,
  stack: K6DemoStack,
  testType: string,
  testId: string,
  variables: Readonly<Record<string, string>>,
  /** k6's own settings from the environment (K6_BROWSER_*), on top of the remote-write ones. */
  k6Env: Readonly<Record<string, string>> = {},
): Promise<ScriptRun> {
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), `perflens-k6-${testType}-`));
  try {
    const all = { BASE_URL: stack.demo.url, TESTID: testId, RESULTS_DIR: resultsDir, ...variables };
    const args = ['run', '--no-color', '-o', 'experimental-prometheus-rw'];
    for (const [name, value] of Object.entries(all)) args.push('-e', `${name}=${value}`);
    const bundle = path.join(await k6Bundles(), `${testType}.js`);
    const result = await runK6(k6.path, [...args, bundle], {
      cwd: resultsDir,
      env: {
        K6_PROMETHEUS_RW_SERVER_URL: `${stack.prometheus.url}/api/v1/write`,
        K6_PROMETHEUS_RW_TREND_STATS: TREND_STATS,
        K6_PROMETHEUS_RW_STALE_MARKERS: 'true',
        K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
        ...k6Env,
      },
      timeoutMs: 120_000,
    });
    const read = (suffix: string) => {
      try {
        return readFileSync(path.join(resultsDir, `${testType}-${suffix}`), 'utf8');
      } catch {
        throw new Error(
          `k6 wrote no ${testType}-${suffix} (exit ${result.exitCode})\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
        );
      }
    };
    return {
      ...result,
      testId,
      summary: JSON.parse(read('summary.json')) as ScriptRun['summary'],
      markdown: read('summary.md'),
      junit: read('junit.xml'),
    };
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

/** Series that remote write stored for a run; last_over_time sees them although stale markers ended them. */
export async function remoteWritten(
  prometheus: PrometheusInstance,
  metric: string,
  testId: string,
): Promise<Array<Record<string, string>>> {
  const result = await prometheus.waitFor(
    `last_over_time(${metric}{testid="${testId}"}[10m])`,
    (samples) => samples.length > 0,
    { timeoutMs: 30_000 },
  );
  return result.map((sample) => sample.metric);
}

/** Fails with k6's output when the run did not end with `exitCode`: the output is what explains it. */
export function expectExitCode(run: K6Result, exitCode: number): void {
  if (run.exitCode === exitCode) return;
  const progress = /^(running \(|\S+ +[✓✗]? ?\[ *\d+% \])/;
  const stdout = run.stdout
    .split('\n')
    .filter((line) => !progress.test(line.trim()))
    .join('\n');
  throw new Error(
    `k6 exited with ${run.exitCode} (signal ${run.signal}), expected ${exitCode}\n` +
      `--- stdout ---\n${stdout.slice(-8000)}\n--- stderr ---\n${run.stderr.slice(-4000)}`,
  );
}

/** Thresholds that failed in a run's summary, as `metric: expression`. */
export function failedThresholds(summary: ScriptRun['summary']): string[] {
  return Object.entries(summary.metrics).flatMap(([metric, { thresholds = {} }]) =>
    Object.entries(thresholds)
      .filter(([, result]) => !result.ok)
      .map(([expression]) => `${metric}: ${expression}`),
  );
}

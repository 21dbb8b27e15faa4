import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type K6Binary, type K6Result, k6Bundles, runK6 } from '@perflens/test-harness';

/** The trend stats the npm runner exports (k6-scripts/bin/run-k6.ts): the engine reads p95 and the SLO's p99. */
const TREND_STATS = 'p(75),p(95),p(99),min,max,avg,med,count,sum';

/** One k6 run of a bundle against a service, its results remote-written under `testid`. */
export interface K6LoadRun {
  testid: string;
  /** Wall-clock bounds of the k6 process (unix seconds), around the run's own samples. */
  startedSeconds: number;
  endedSeconds: number;
  result: K6Result;
}

/**
 * `k6 run <script>.js` (the bundles of the current sources) with the remote-write output into `prometheusUrl`, as the npm runner
 * sets it up (trend stats, stale markers; a 1 s push interval so a short run has several samples), and the
 * script's variables (k6-scripts/README.md, "Configuration").
 */
export async function runK6Load(
  k6: K6Binary,
  script: string,
  options: {
    baseUrl: string;
    prometheusUrl: string;
    testid: string;
    variables: Readonly<Record<string, string>>;
  },
): Promise<K6LoadRun> {
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), `perflens-analysis-k6-`));
  try {
    const variables = {
      BASE_URL: options.baseUrl,
      TESTID: options.testid,
      RESULTS_DIR: resultsDir,
      ...options.variables,
    };
    const args = ['run', '--no-color', '--quiet', '-o', 'experimental-prometheus-rw'];
    for (const [name, value] of Object.entries(variables)) args.push('-e', `${name}=${value}`);
    const startedSeconds = Date.now() / 1000;
    // The bundles of the current sources (k6-scripts/dist is build output, absent after `npm ci`).
    const bundle = path.join(await k6Bundles(), `${script}.js`);
    const result = await runK6(k6.path, [...args, bundle], {
      cwd: resultsDir,
      env: {
        K6_PROMETHEUS_RW_SERVER_URL: `${options.prometheusUrl}/api/v1/write`,
        K6_PROMETHEUS_RW_TREND_STATS: TREND_STATS,
        K6_PROMETHEUS_RW_STALE_MARKERS: 'true',
        K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
      },
      timeoutMs: 120_000,
    });
    return { testid: options.testid, startedSeconds, endedSeconds: Date.now() / 1000, result };
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

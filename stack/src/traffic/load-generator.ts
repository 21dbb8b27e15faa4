import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { ProcessGroup } from '../services/process-group';
import { REPO_ROOT } from '../cli/stack-options';
import { startTraffic, type Traffic } from './traffic';

/**
 * k6 when it is installed (the average-load scenario of k6-scripts, results remote-written to the
 * stack's Prometheus under testid perflens-up, so the load-test dashboard shows it), the built-in
 * autocannon generator otherwise. Either only targets 127.0.0.1.
 */
export function startLoad(
  group: ProcessGroup,
  baseUrl: string,
  prometheusPort: number,
  rate: number,
): { kind: string; traffic?: Traffic } {
  if (spawnSync('k6', ['version'], { stdio: 'ignore' }).status === 0) {
    group.start(
      'k6',
      'k6',
      [
        'run',
        '--quiet',
        '-o',
        'experimental-prometheus-rw',
        path.join(REPO_ROOT, 'k6-scripts', 'dist', 'average-load.js'),
      ],
      {
        cwd: path.join(REPO_ROOT, 'k6-scripts'),
        env: {
          ...process.env,
          BASE_URL: baseUrl,
          TESTID: 'perflens-up',
          K6_PROMETHEUS_RW_SERVER_URL: `http://127.0.0.1:${prometheusPort}/api/v1/write`,
          K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99),min,max,avg',
        },
      },
    );
    return { kind: 'k6 (k6-scripts/dist/average-load.js, testid perflens-up)' };
  }
  return { kind: `built-in generator, ${rate} requests/s`, traffic: startTraffic(baseUrl, rate) };
}

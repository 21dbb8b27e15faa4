import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { ProcessGroup } from '@perflens/supervisor';
import { REPO_ROOT } from '../cli/stack-options';
import { startTraffic } from './traffic';

/**
 * k6 when it is installed (the average-load scenario of k6-scripts, results remote-written to the
 * stack's Prometheus under testid perflens-up, so the load-test dashboard shows it), the built-in
 * autocannon generator otherwise. Either only targets 127.0.0.1 and joins `group`, which stops it first.
 */
export async function startLoad(
  group: ProcessGroup,
  baseUrl: string,
  prometheusPort: number,
  rate: number,
): Promise<string> {
  if (spawnSync('k6', ['version'], { stdio: 'ignore' }).status === 0) {
    await group.start({
      label: 'k6',
      command: 'k6',
      args: [
        'run',
        '--quiet',
        '-o',
        'experimental-prometheus-rw',
        path.join(REPO_ROOT, 'k6-scripts', 'dist', 'average-load.js'),
      ],
      cwd: path.join(REPO_ROOT, 'k6-scripts'),
      env: {
        ...process.env,
        BASE_URL: baseUrl,
        TESTID: 'perflens-up',
        K6_PROMETHEUS_RW_SERVER_URL: `http://127.0.0.1:${prometheusPort}/api/v1/write`,
        K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99),min,max,avg',
      },
    });
    return 'k6 (k6-scripts/dist/average-load.js, testid perflens-up)';
  }
  group.add('traffic', startTraffic(baseUrl, rate));
  return `built-in generator, ${rate} requests/s`;
}

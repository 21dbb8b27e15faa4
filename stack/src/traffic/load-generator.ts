import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeExit, ManagedProcess, type ProcessGroup, type Stoppable } from '@perflens/supervisor';
import { REPO_ROOT } from '../cli/stack-options';
import { locateK6 } from './k6-binary';
import { k6TrafficProcess, UP_TESTID } from './k6-traffic';
import { startTraffic, type Traffic } from './traffic';

/** What the traffic targets, how fast, and where warnings go. */
export interface LoadOptions {
  baseUrl: string;
  prometheusPort: number;
  rate: number;
  /** Where a warning goes (k6 ended early, built-in generator took over). */
  log?: (line: string) => void;
  /** The average-load bundle k6 runs (default k6-scripts/dist/average-load.js, from `npm run build`). */
  k6Script?: string;
  /** Where K6_BIN and PATH are read (default: this process's environment). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Steady traffic at `rate` requests/s on the demo until the stack stops: k6 when there is one (K6_BIN, else
 * PATH; the average-load scenario, results remote-written to the stack's Prometheus under testid
 * perflens-up, so the load-test dashboard shows them), the built-in autocannon generator otherwise. When
 * k6 ends by itself (a broken install, a script error, a port it could not use), the built-in generator
 * takes over at the same rate and a warning names k6's log: the stack never sits without traffic. Joins
 * `group` as one member, "traffic", which the group stops first.
 */
export async function startLoad(
  group: ProcessGroup,
  baseUrl: string,
  prometheusPort: number,
  rate: number,
  log: (line: string) => void = (line) => process.stderr.write(`perflens up: ${line}\n`),
): Promise<string> {
  const traffic = await startDependableTraffic({ baseUrl, prometheusPort, rate, log }, group.logFile('k6'));
  group.add('traffic', traffic);
  return traffic.description;
}

/** The traffic member: k6 or the built-in generator, switching once from the first to the second. */
export interface DependableTraffic extends Stoppable {
  readonly description: string;
  /** "k6" while k6 runs, "built-in" once the generator runs. */
  readonly source: 'k6' | 'built-in';
  /** Resolves when the built-in generator took over from k6 (never when k6 runs until stop()). */
  readonly fellBack: Promise<void>;
}

export async function startDependableTraffic(
  options: LoadOptions,
  k6LogFile: string | undefined,
): Promise<DependableTraffic> {
  const { baseUrl, rate } = options;
  const log = options.log ?? (() => undefined);
  const builtIn = `built-in generator, ${rate} requests/s`;
  const k6 = locateK6(options.env ?? process.env);
  const script = options.k6Script ?? path.join(REPO_ROOT, 'k6-scripts', 'dist', 'average-load.js');
  if (k6 !== undefined && !existsSync(script)) {
    log(
      `warning: ${script} is missing (run "npm run build"), so k6 cannot run; ` +
        'the built-in generator sends the traffic',
    );
  }
  if (k6 === undefined || !existsSync(script)) {
    const traffic = startTraffic(baseUrl, rate);
    return {
      description: builtIn,
      source: 'built-in',
      fellBack: new Promise(() => undefined),
      stop: () => traffic.stop(),
    };
  }
  const resultsDir = k6LogFile === undefined ? os.tmpdir() : path.dirname(k6LogFile);
  mkdirSync(resultsDir, { recursive: true });
  const k6Process = await ManagedProcess.start({
    ...k6TrafficProcess({
      k6,
      script,
      baseUrl,
      prometheusPort: options.prometheusPort,
      rate,
      resultsDir,
    }),
    ...(k6LogFile === undefined ? {} : { logFile: k6LogFile }),
  });
  k6Process.unref();
  let stopping = false;
  let fallback: Traffic | undefined;
  let source: 'k6' | 'built-in' = 'k6';
  const fellBack = k6Process.exited.then((status) => {
    if (stopping) return new Promise<void>(() => undefined);
    const where = k6LogFile ?? 'its output is not kept without a log folder';
    log(
      `warning: k6 ${describeExit(status)} before the stack stopped (see ${where}); ` +
        `the built-in generator sends the traffic now (${rate} requests/s)`,
    );
    fallback = startTraffic(baseUrl, rate);
    source = 'built-in';
    return undefined;
  });
  return {
    description: `k6 (average-load scenario at ${rate} requests/s, testid ${UP_TESTID}); built-in generator if k6 ends`,
    get source() {
      return source;
    },
    fellBack,
    async stop() {
      stopping = true;
      await k6Process.stop();
      await fallback?.stop();
    },
  };
}

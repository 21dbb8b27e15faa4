import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import path from 'node:path';
import { parseDuration } from '@perflens/conventions';
import { handleShutdownSignals, type MemberExit } from '@perflens/supervisor';
import { runStack, type RunningStack } from '../run-stack';
import { describePartExit, isFatalExit } from '../services/part-exits';
import { nextSteps } from './next-steps';
import { stackStatus } from './stack-status';
import { DEFAULT_PORTS, DEFAULT_RETENTION, type StackOptions } from './stack-options';

const HELP = `
Starts, on this machine and without Docker: a local PostgreSQL 15, the demo shop
(demo/README.md), the perflens exporter, Prometheus with the project's rules (alert-rules/),
Alertmanager in demo mode (Slack, webhook and email go to local files under <data-dir>/sinks),
and steady traffic (k6 when installed, else a built-in generator). Everything listens on
127.0.0.1; data and logs stay in --data-dir. Ctrl-C or SIGTERM stops every process (Ctrl-C
twice: at once). Once it runs, it prints the next steps: the curl that switches a bottleneck
on, the analyze command for this stack, where alerts land, the Grafana app's preview.

A second start reuses --data-dir: the cluster and its seed, Prometheus's data, the silences and
the demo's admin token (<data-dir>/demo-admin-token, mode 0600; $PERFLENS_DEMO_ADMIN_TOKEN
overrides it). --reset deletes the folder first and starts clean.

Grafana is not started here: run "docker compose up" where Docker runs, or point your Grafana at
the Prometheus URL and import provisioning/grafana/dashboards/*.json.

Your own service instead of the demo:
  1. instrument it with instrument() from @perflens/instrument (instrument/README.md) so it serves /metrics;
  2. perflens up --target 127.0.0.1:8080 --job my-service --database-url postgres://user@host/db
     --target (repeatable) is scraped instead of starting the demo; --job is its Prometheus job
     label (use the job of your entry in alert-rules/slo.yaml); --database-url makes the exporter
     read your database's statistics instead of starting PostgreSQL. No traffic is generated.
Missing programs are installed with apt-get when run as root on Debian or Ubuntu
(--no-install to only print the command).

Exit codes: 0 after Ctrl-C or SIGTERM; 2 when the stack cannot start (a port in use, a missing
program, a part that fails to start) or when a part exits while it runs (the message names it,
with its exit code and the last lines of its log file; the other parts are stopped).`;

/** `perflens up` could not start, or a part of the running stack ended (README.md, "Exit codes"). */
const EXIT_CANNOT_RUN = 2;

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a port number');
  return n;
};
/** A one-unit duration (conventions' parseDuration: 2d, 12h, 5w), passed to Prometheus as written. */
export const retentionDuration = (value: string) => {
  try {
    parseDuration(value, '--retention');
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value.trim();
};
const positive = (value: string) => {
  const n = Number(value);
  if (!(n >= 0)) throw new InvalidArgumentError('expected a number of at least 0');
  return n;
};

/** `perflens up` (what `npm start` runs): the whole local stack until Ctrl-C or SIGTERM. */
export function registerUpCommand(program: Command): void {
  const command = program
    .command('up')
    .description('run the local stack: PostgreSQL, demo, exporter, Prometheus, Alertmanager, traffic')
    .addHelpText('after', HELP)
    .option('--data-dir <dir>', 'data and logs', '.perflens')
    .option(
      '--target <host:port>',
      'scrape your service instead of running the demo (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--job <name>', 'Prometheus job label of the scraped service', 'demo-api')
    .option('--database-url <url>', 'your PostgreSQL instead of the throw-away one')
    .option('--scale <n>', 'demo seed scale (1 = 600,000 order lines)', positive, 1)
    .option('--rate <n>', 'requests per second of the built-in traffic generator (0: none)', positive, 10)
    .option('--status-every <seconds>', 'seconds between status lines (0: none)', positive, 15)
    .option(
      '--retention <duration>',
      'how long Prometheus keeps its data (the 30-day SLO windows need 35d)',
      retentionDuration,
      DEFAULT_RETENTION,
    )
    .option('--no-install', 'never run apt-get; only say what to install')
    .option(
      '--reset',
      'delete --data-dir first (cluster, seed, Prometheus data, silences, sinks, logs, admin token) and start clean',
    );
  for (const [name, value] of Object.entries(DEFAULT_PORTS)) {
    command.option(`--${name}-port <port>`, `${name} port`, port, value);
  }
  command.action(async (raw: Record<string, unknown>) => {
    const options: StackOptions = {
      dataDir: path.resolve(raw.dataDir as string),
      ports: Object.fromEntries(
        Object.keys(DEFAULT_PORTS).map((k) => [k, raw[`${k}Port`] as number]),
      ) as StackOptions['ports'],
      targets: raw.target as string[],
      job: raw.job as string,
      databaseUrl: raw.databaseUrl as string | undefined,
      scale: raw.scale as number,
      rate: raw.rate as number,
      statusEverySeconds: raw.statusEvery as number,
      installPackages: raw.install as boolean,
      reset: raw.reset === true,
      retention: raw.retention as string,
    };
    const log = (line: string) => process.stdout.write(`perflens up: ${line}\n`);
    // Installed before anything starts: a signal during the start stops what already runs, in order.
    const stopRequest = new AbortController();
    const releaseSignals = handleShutdownSignals(() => stopRequest.abort(new Error('stop requested')));
    try {
      await runUntilStopped(options, log, stopRequest.signal);
    } finally {
      releaseSignals();
    }
  });
}

async function runUntilStopped(
  options: StackOptions,
  log: (line: string) => void,
  stopRequested: AbortSignal,
): Promise<void> {
  let stack: RunningStack;
  try {
    stack = await runStack(options, log, stopRequested);
  } catch (error) {
    if (stopRequested.aborted) {
      log('stopped');
      return;
    }
    // A busy port, a missing program, a part that failed to start: the stack could not run (exit code 2).
    const message = `perflens up: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    throw new CommanderError(EXIT_CANNOT_RUN, 'perflens.up.start', message);
  }
  const width = Math.max(...Object.keys(stack.urls).map((k) => k.length));
  log(`running (data and logs in ${options.dataDir}); Ctrl-C stops everything`);
  for (const [name, url] of Object.entries(stack.urls))
    process.stdout.write(`  ${name.padEnd(width)}  ${url}\n`);
  const steps = nextSteps({ options, urls: stack.urls, adminToken: stack.adminToken });
  process.stdout.write(`${steps.join('\n')}\n`);
  const prometheus = stack.urls.prometheus!;
  const timer =
    options.statusEverySeconds > 0
      ? setInterval(() => {
          stackStatus(prometheus).then(log, (error: Error) => log(`status unavailable: ${error.message}`));
        }, options.statusEverySeconds * 1000)
      : undefined;
  // Signal listeners do not keep Node waiting, and the supervisor unreferences its children once they are
  // ready: this timer does, until the stack stops.
  const keepAlive = setInterval(() => undefined, 60_000);
  let unwatch: () => void = () => undefined;
  try {
    const died = new Promise<MemberExit>((resolve) => {
      unwatch = stack.onPartExit((exit) => {
        if (isFatalExit(exit)) resolve(exit);
        else
          void describePartExit(exit).then((text) => log(`${text}\nthe stack runs on without that traffic`));
      });
    });
    const stopped = new Promise<undefined>((resolve) => {
      if (stopRequested.aborted) resolve(undefined);
      stopRequested.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    const exit = await Promise.race([died, stopped]);
    clearInterval(timer);
    if (exit === undefined) {
      log('stopping');
      await stack.stop();
      log('stopped');
      return;
    }
    // Every part is needed by the others (the exporter by Prometheus, PostgreSQL by the demo): a stack with a
    // dead part would print healthy-looking status lines about nothing, so it stops and says why.
    const message = `perflens up: ${await describePartExit(exit)}`;
    process.stderr.write(`${message}\n`);
    log('stopping the other parts');
    await stack.stop();
    log('stopped');
    throw new CommanderError(EXIT_CANNOT_RUN, 'perflens.up.partExited', message);
  } finally {
    unwatch();
    clearInterval(timer);
    clearInterval(keepAlive);
  }
}

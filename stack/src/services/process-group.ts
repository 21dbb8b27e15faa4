import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

/** A child process of the stack, with its log file. */
export interface StackProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
}

/**
 * The stack's child processes. Each writes to <logDir>/<name>.log; stopAll() sends each its stop signal
 * in reverse start order (traffic and the demo before the database they use) and SIGKILLs what is still
 * alive after the grace period, so nothing outlives `perflens up`.
 */
export class ProcessGroup {
  private readonly processes: Array<StackProcess & { stopSignal: NodeJS.Signals }> = [];

  constructor(private readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
  }

  start(
    name: string,
    command: string,
    args: string[],
    options: SpawnOptions & { stopSignal?: NodeJS.Signals } = {},
  ): StackProcess {
    const logFile = path.join(this.logDir, `${name}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.once('error', (error) => log.write(`perflens up: could not start ${command}: ${error.message}\n`));
    const entry = { name, child, logFile, stopSignal: options.stopSignal ?? 'SIGTERM' };
    this.processes.push(entry);
    return entry;
  }

  /** Names of processes that exited although nobody asked them to. */
  exited(): string[] {
    return this.processes
      .filter((p) => p.child.exitCode !== null || p.child.signalCode !== null)
      .map((p) => p.name);
  }

  async stopAll(graceMs = 10_000): Promise<void> {
    for (const p of [...this.processes].reverse()) await stopOne(p.child, p.stopSignal, graceMs);
    this.processes.length = 0;
  }
}

function stopOne(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill(signal);
  });
}

/** Polls `probe` until it returns true; throws with the log file to read when time runs out. */
export async function waitReady(
  p: StackProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null)
      throw new Error(`${p.name} exited with code ${p.child.exitCode}; see ${p.logFile}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`${p.name} was not ready after ${timeoutMs / 1000} s; see ${p.logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** True when GET `url` answers 2xx. */
export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.ok;
}

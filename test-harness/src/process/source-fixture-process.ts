import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * A service running in a process of its own, started from a TypeScript fixture file. Tests use one when what
 * they measure belongs to one process (event loop, heap, GC, memory growth): the test runner's own work must
 * not be mistaken for the service's.
 */
export interface SourceFixtureProcess {
  url: string;
  port: number;
  pid: number;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `fixture` from the sources (node --require tsx/cjs, with tsconfig.tests.json so that @perflens/*
 * resolve to the workspaces' sources: no build needed) with `args`, and resolves once it serves. The fixture's
 * contract: print one JSON line {"url","port"} once it serves; stop on SIGTERM, and when stdin closes (the
 * test runner died). Its output is kept (last 8 kB) for the error when it fails to start within `timeoutMs`.
 */
export async function startSourceFixtureProcess(
  fixture: string,
  args: readonly string[],
  options: { label: string; timeoutMs: number },
): Promise<SourceFixtureProcess> {
  const { label, timeoutMs } = options;
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', fixture, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.tests.json') },
    // stdin stays open as a lifeline: the fixture exits when it closes (this process died).
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8192));
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit').then(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    const line = await Promise.race([
      firstLine(child),
      exited.then(() => Promise.reject(new Error('exited before serving'))),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not serving after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const { url, port } = JSON.parse(line) as { url: string; port: number };
    child.stdout?.on('data', keep);
    let stopping: Promise<void> | undefined;
    return { url, port, pid: child.pid as number, stop: () => (stopping ??= stopChild(child, exited)) };
  } catch (error) {
    await stopChild(child, exited);
    throw new Error(`${label}: ${(error as Error).message}\n${output}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The first line on stdout; the stream keeps flowing afterwards (a paused pipe would block the child). */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end < 0) return;
      child.stdout?.off('data', onData);
      resolve(text.slice(0, end));
    };
    child.stdout?.on('data', onData);
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(killer);
    child.stdin?.destroy();
  }
}

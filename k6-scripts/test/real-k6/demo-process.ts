import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { DemoServiceOptions } from '@perflens/demo';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(__dirname, 'demo-process.fixture.ts');

/** The demo service in its own Node.js process. */
export interface DemoProcess {
  url: string;
  port: number;
  /** SIGTERM, SIGKILL after 10 s; resolves once it exited. Idempotent. */
  stop(): Promise<void>;
}

/** Starts demo-process.fixture.ts from the sources and resolves once it serves (the seed runs first). */
export async function startDemoProcess(
  options: DemoServiceOptions,
  timeoutMs = 90_000,
): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', FIXTURE, JSON.stringify(options)], {
    cwd: REPO_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.tests.json') },
    // stdin stays open as a lifeline: the fixture exits when it closes.
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
    return { url, port, stop: () => (stopping ??= stopChild(child, exited)) };
  } catch (error) {
    await stopChild(child, exited);
    throw new Error(`demo process: ${(error as Error).message}\n${output}`);
  } finally {
    clearTimeout(timer);
  }
}

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

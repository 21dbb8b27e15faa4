import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { processRecord, track } from '@perflens/supervisor';

/** A finished `k6` command. */
export interface K6Result {
  /** k6's exit code: 0 passed, 99 a threshold failed, 107 a script error; null when killed. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunK6Options {
  /** Added to this process's environment (K6_NO_USAGE_REPORT=true is always set). */
  env?: Readonly<Record<string, string>>;
  cwd?: string;
  /** SIGTERM after this long (k6 then ends the test and still writes its summary), SIGKILL 15 s later. */
  timeoutMs?: number;
}

/**
 * Runs one k6 command to its end and keeps all of its output (a test's summary and the JSON of
 * `k6 inspect` are read from it). The process is registered with the supervisor's cleanup, so a test run
 * that dies does not leave k6 running.
 */
export async function runK6(
  k6: string,
  args: readonly string[],
  options: RunK6Options = {},
): Promise<K6Result> {
  const child = spawn(k6, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, K6_NO_USAGE_REPORT: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await once(child, 'spawn');
  const record = processRecord('k6', child.pid as number, 'SIGKILL');
  const untrack = record ? track(record) : () => undefined;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const timeoutMs = options.timeoutMs ?? 120_000;
  let killer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    child.kill('SIGTERM');
    killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  }, timeoutMs);
  try {
    const [exitCode, signal] = await closed;
    return { exitCode, signal, stdout, stderr };
  } finally {
    clearTimeout(timer);
    clearTimeout(killer);
    untrack();
  }
}

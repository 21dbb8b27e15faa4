import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const CHILD_ENTRY = path.join(__dirname, 'bench-child.ts');

/** Forks `bench-child.ts <kind> <variant>` (each variant alone in a process: see bench-child.ts). */
export function forkBenchChild(
  kind: 'http' | 'pg' | 'memory',
  variant: string,
  options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {},
): ChildProcess {
  return fork(CHILD_ENTRY, [kind, variant], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
    execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
  });
}

/** The next IPC message of `child` that `accept` takes; rejects when the child exits first. */
export function nextMessage<T>(
  child: ChildProcess,
  what: string,
  accept: (m: unknown) => boolean,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (!accept(message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`${what}: child exited with ${String(code)} before answering`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median, lowest and highest of per-round ratios, rounded to 3 decimals. */
export function ratioSummary(ratios: readonly number[]): { median: number; min: number; max: number } {
  const round = (n: number) => Number(n.toFixed(3));
  return { median: round(median(ratios)), min: round(Math.min(...ratios)), max: round(Math.max(...ratios)) };
}

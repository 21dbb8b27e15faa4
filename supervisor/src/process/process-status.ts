import { readFileSync } from 'node:fs';

/** What /proc says about one process: its state letter and its start time in clock ticks since boot. */
export interface ProcessStatus {
  state: string;
  startTime: string;
}

/**
 * Reads /proc/<pid>/stat (Linux only, see proc(5)); undefined when no such process exists.
 * The start time identifies a process across pid reuse: a pid recorded by an earlier run may belong to an
 * unrelated process by the time the record is swept.
 */
export function readProcessStatus(pid: number): ProcessStatus | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces, so fields are counted after the
  // last ')': field 3 (state) comes first there and field 22 (starttime) is the 20th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, startTime] = [fields[0], fields[19]];
  return state === undefined || startTime === undefined ? undefined : { state, startTime };
}

/**
 * True while the process runs. A zombie counts as gone: it has exited and only waits for its parent to
 * reap it, which never happens while a synchronous exit handler blocks the event loop.
 */
export function isRunning(pid: number, startTime?: string): boolean {
  const status = readProcessStatus(pid);
  if (status === undefined || status.state === 'Z' || status.state === 'X') {
    return false;
  }
  return startTime === undefined || status.startTime === startTime;
}

/** Blocks the thread for `ms` milliseconds; only for exit handlers, where nothing asynchronous runs. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Sends `signal` to each running process, waits up to `graceMs` for them to go, then SIGKILLs the rest.
 * Synchronous so it can run in a process 'exit' handler and in jest's global teardown alike.
 */
export function terminateSync(
  targets: ReadonlyArray<{ pid: number; startTime?: string; signal: NodeJS.Signals }>,
  graceMs: number,
): void {
  const signalIfRunning = (pid: number, startTime: string | undefined, signal: NodeJS.Signals): void => {
    if (!isRunning(pid, startTime)) return;
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone between the check and the signal.
    }
  };
  for (const target of targets) signalIfRunning(target.pid, target.startTime, target.signal);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && targets.some((t) => isRunning(t.pid, t.startTime))) {
    sleepSync(20);
  }
  for (const target of targets) signalIfRunning(target.pid, target.startTime, 'SIGKILL');
}

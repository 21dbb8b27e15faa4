import { createHash } from 'node:crypto';
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { envVars } from '../env-vars';
import { readProcessStatus, terminateSync } from './process-status';
import { processWide, realProcess } from './real-process';

/** A started child process that must not outlive the process that started it. */
export interface ProcessRecord {
  kind: 'process';
  label: string;
  pid: number;
  /** From /proc, so a sweep never kills an unrelated process that reused the pid. */
  startTime: string;
  /** Signal that stops it quickly when there is no time to wait (SIGQUIT for PostgreSQL, else SIGKILL). */
  signal: NodeJS.Signals;
}

/** A temporary folder that must be removed when the process that created it ends. */
export interface DirRecord {
  kind: 'dir';
  path: string;
}

export type CleanupRecord = ProcessRecord | DirRecord;

interface TrackedRecord {
  record: CleanupRecord;
  /** File that mirrors the record in the record folder ($PERFLENS_TEST_RUN_DIR), when there is one. */
  file?: string;
}

interface Registry {
  tracked: Map<string, TrackedRecord>;
  exitHookInstalled: boolean;
  /** Set while the application stops in order on SIGTERM itself (see shutdown-signals.ts). */
  sigtermHandledElsewhere: boolean;
}

/** How long the exit hook lets processes stop on their signal before it SIGKILLs them. */
const exitGraceMs = 2_000;

// One registry per Node process, not per jest test file (see real-process.ts): the exit hook must see the
// services of every test file, including the per-worker fallback PostgreSQL cluster that outlives a file.
function registry(): Registry {
  return processWide('cleanup-registry', () => ({
    tracked: new Map(),
    exitHookInstalled: false,
    sigtermHandledElsewhere: false,
  }));
}

/** Builds a file name for a record that is unique within a run and stable across processes. */
export function recordKey(record: CleanupRecord): string {
  return record.kind === 'process'
    ? `process-${record.pid}`
    : `dir-${createHash('sha1').update(record.path).digest('hex').slice(0, 16)}`;
}

/**
 * Builds the record for a just-started child, or undefined if it already exited (nothing left to clean).
 */
export function processRecord(label: string, pid: number, signal: NodeJS.Signals): ProcessRecord | undefined {
  const status = readProcessStatus(pid);
  return status && { kind: 'process', label, pid, startTime: status.startTime, signal };
}

/**
 * Tracks a process or folder until the returned function is called: in memory for this process's exit
 * hook, and as a JSON file in the record folder (if any) for a sweeper in another process (the test
 * harness's jest global teardown), which also covers a process killed before its exit hook could run.
 */
export function track(record: CleanupRecord, recordDir = process.env[envVars.recordDir]): () => void {
  const { tracked } = registry();
  const key = recordKey(record);
  const entry: TrackedRecord = { record };
  if (recordDir) {
    entry.file = path.join(recordDir, `${key}.json`);
    writeFileSync(entry.file, JSON.stringify(record));
  }
  tracked.set(key, entry);
  installExitHook();
  return () => {
    if (tracked.get(key) !== entry) return;
    tracked.delete(key);
    removeFile(entry.file);
  };
}

/**
 * Stops every tracked process and removes every tracked folder, synchronously. Runs from the exit hook;
 * exported so tests can check what the hook does without ending their own process.
 */
export function cleanUpTrackedSync(): void {
  const { tracked } = registry();
  const entries = [...tracked.values()];
  tracked.clear();
  cleanUpRecordsSync(
    entries.map((entry) => entry.record),
    exitGraceMs,
  );
  for (const entry of entries) removeFile(entry.file);
}

/** Terminates the recorded processes (signal, grace period, SIGKILL), then removes the recorded folders. */
export function cleanUpRecordsSync(records: readonly CleanupRecord[], graceMs: number): void {
  terminateSync(
    records.flatMap((r) => (r.kind === 'process' ? [r] : [])),
    graceMs,
  );
  for (const record of records) {
    if (record.kind === 'dir') rmSync(record.path, { recursive: true, force: true });
  }
}

function installExitHook(): void {
  const state = registry();
  if (state.exitHookInstalled) return;
  state.exitHookInstalled = true;
  const real = realProcess();
  // 'exit' handlers must be synchronous; this runs when a jest worker is told to end, when a script
  // returns, and after process.exit(). SIGKILL of the worker itself is the global teardown's job.
  real.on('exit', cleanUpTrackedSync);
  // SIGTERM ends Node without 'exit' handlers. jest sends it to a worker that does not exit on its own
  // within 500 ms (jest-worker's forceExit, e.g. a test left a pg Pool open), and CI time limits send it
  // too. Clean up, then re-raise with our listener gone, so the process still dies of SIGTERM as before.
  const onSigterm = (): void => {
    if (state.sigtermHandledElsewhere) return;
    real.removeListener('SIGTERM', onSigterm);
    cleanUpTrackedSync();
    real.kill(real.pid, 'SIGTERM');
  };
  real.on('SIGTERM', onSigterm);
}

/**
 * Tells the exit hook's SIGTERM listener to leave SIGTERM to the application, which stops its services in
 * order and then ends normally (the 'exit' hook still runs). Only {@link handleShutdownSignals} calls it.
 */
export function leaveSigtermToApplication(leave: boolean): void {
  registry().sigtermHandledElsewhere = leave;
  installExitHook();
}

function removeFile(file: string | undefined): void {
  if (file === undefined) return;
  try {
    unlinkSync(file);
  } catch {
    // A sweeper (the test harness's global teardown) may have removed the record folder first.
  }
}

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CleanupRecord, cleanUpRecordsSync, isRunning, readProcessStatus } from '@perflens/supervisor';

const runDirPrefix = 'perflens-run-';
const ownerFile = 'owner.json';
/** A folder without an owner file this young may be one another run is creating right now. */
const ownerlessGraceMs = 60_000;

/** Who created a run folder: the jest process, identified across pid reuse by its start time. */
interface RunOwner {
  pid: number;
  startTime: string;
}

/**
 * Creates the run-scoped folder in which started services record themselves (the supervisor's cleanup
 * registry writes there when $PERFLENS_TEST_RUN_DIR names it),
 * marked with the creating process so a later run can tell a crashed run's folder from a live one.
 */
export function createRunDir(parent = os.tmpdir()): string {
  const dir = mkdtempSync(path.join(parent, runDirPrefix));
  const status = readProcessStatus(process.pid);
  const owner: RunOwner = { pid: process.pid, startTime: status?.startTime ?? '' };
  writeFileSync(path.join(dir, ownerFile), JSON.stringify(owner));
  return dir;
}

/**
 * Stops every process and removes every folder recorded in `runDir`, then the folder itself. Returns the
 * records it found, so a caller can report what a test left behind.
 */
export function sweepRunDir(runDir: string, graceMs = 5_000): CleanupRecord[] {
  const records = readRecords(runDir);
  cleanUpRecordsSync(records, graceMs);
  rmSync(runDir, { recursive: true, force: true });
  return records;
}

/**
 * Sweeps run folders left by jest runs that are no longer alive (killed by CI, or by Ctrl-C before the
 * teardown ran), so one interrupted run does not leave services running until the machine reboots.
 */
export function sweepStaleRunDirs(parent = os.tmpdir()): string[] {
  const swept: string[] = [];
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(runDirPrefix)) continue;
    const dir = path.join(parent, name);
    const owner = readOwner(dir);
    if (owner ? isRunning(owner.pid, owner.startTime) : isYoung(dir)) continue;
    sweepRunDir(dir);
    swept.push(dir);
  }
  return swept;
}

function readRecords(runDir: string): CleanupRecord[] {
  let names: string[];
  try {
    names = readdirSync(runDir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.json') && name !== ownerFile)
    .flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(path.join(runDir, name), 'utf8')) as CleanupRecord];
      } catch {
        // A record half-written by a worker killed mid-write names nothing we could clean up.
        return [];
      }
    });
}

function isYoung(dir: string): boolean {
  try {
    return Date.now() - statSync(dir).mtimeMs < ownerlessGraceMs;
  } catch {
    return true;
  }
}

function readOwner(dir: string): RunOwner | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, ownerFile), 'utf8')) as RunOwner;
  } catch {
    return undefined;
  }
}

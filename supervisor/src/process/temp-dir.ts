import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { track } from './cleanup-registry';

/** A temporary folder that is removed at the latest when the process exits or its record is swept. */
export interface TempDir {
  path: string;
  /** Removes the folder now; safe to call twice. */
  remove(): void;
}

/** The folder a service works in: temporary (removed with the service), or given and kept. */
export interface WorkDir extends TempDir {
  temporary: boolean;
}

/** Creates a tracked temporary folder named after the service, e.g. /tmp/perflens-postgres-XXXXXX. */
export function createTempDir(label: string): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), `perflens-${label}-`));
  const untrack = track({ kind: 'dir', path: dir });
  return {
    path: dir,
    remove() {
      rmSync(dir, { recursive: true, force: true });
      untrack();
    },
  };
}

/**
 * `dir` (created if needed) when the service's data must outlive it, as `perflens up` keeps `.perflens/`;
 * otherwise a tracked temporary folder. remove() only ever deletes the temporary one.
 */
export function workDir(label: string, dir?: string): WorkDir {
  if (dir === undefined) return { ...createTempDir(label), temporary: true };
  const kept = path.resolve(dir);
  mkdirSync(kept, { recursive: true });
  return { path: kept, temporary: false, remove: () => undefined };
}

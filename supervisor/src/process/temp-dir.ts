import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { track } from './cleanup-registry';

/** A temporary folder that is removed at the latest when the process exits or the run is swept. */
export interface TempDir {
  path: string;
  /** Removes the folder now; safe to call twice. */
  remove(): void;
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

import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file in the data folder that keeps the demo's admin token across restarts. */
export const ADMIN_TOKEN_FILE = 'demo-admin-token';

/** The demo's admin token and where it came from (said at start, never the token itself in a log). */
export interface AdminToken {
  token: string;
  source: 'environment' | 'created' | 'reused';
  /** The file that holds it (absent when it came from the environment). */
  file?: string;
}

/**
 * $PERFLENS_DEMO_ADMIN_TOKEN when set; otherwise the token of <dataDir>/demo-admin-token, created (mode 0600,
 * owner only) on first start. A stable token means the curl printed yesterday and the scripts written
 * around it still work after a restart; `perflens up --reset` removes the file with the rest.
 */
export function demoAdminToken(dataDir: string, env: NodeJS.ProcessEnv = process.env): AdminToken {
  const fromEnv = env.PERFLENS_DEMO_ADMIN_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') return { token: fromEnv, source: 'environment' };
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  let stored: string | undefined;
  try {
    stored = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stored !== undefined && stored !== '') {
    // Someone may have copied the folder with other permissions; the token opens the admin API.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { token: stored, source: 'reused', file };
  }
  const token = randomBytes(18).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  // writeFileSync's mode only applies when it creates the file (an empty one may exist).
  chmodSync(file, 0o600);
  return { token, source: 'created', file };
}

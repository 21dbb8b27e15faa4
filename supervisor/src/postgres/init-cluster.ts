import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { envVars } from '../env-vars';
import { requireBinary } from '../process/binaries';
import { describeExit, ManagedProcess } from '../process/managed-process';
import type { SystemUser } from './postgres-user';
import { harnessPostgresSettings, renderPostgresConf } from './postgres-settings';

/** Where Debian's postgresql-15 package installs the server binaries. */
export const defaultPostgresBinDir = '/usr/lib/postgresql/15/bin';

/** Paths of the two server binaries, checked to exist (naming the Debian package when they do not). */
export function postgresBinaries(binDir = process.env[envVars.postgresBinDir] ?? defaultPostgresBinDir): {
  initdb: string;
  postgres: string;
} {
  const check = (name: string) =>
    requireBinary(path.join(binDir, name), 'postgresql', envVars.postgresBinDir);
  return { initdb: check('initdb'), postgres: check('postgres') };
}

/**
 * Runs initdb for a throw-away cluster (trust auth, superuser `postgres`, UTF8, C locale so the result does
 * not depend on the machine's locale, --no-sync because the folder is deleted afterwards), then appends the
 * harness settings and the caller's to postgresql.conf; the socket goes to `socketDir` so parallel
 * clusters never meet in /var/run/postgresql.
 */
export async function initCluster(options: {
  initdb: string;
  dataDir: string;
  socketDir: string;
  user: SystemUser | undefined;
  settings: Readonly<Record<string, string>>;
}): Promise<void> {
  const initdb = await ManagedProcess.start({
    label: 'initdb',
    command: options.initdb,
    args: ['-D', options.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    cwd: options.socketDir,
    user: options.user,
  });
  const status = await initdb.exited;
  if (status.code !== 0) throw await initdb.failure(describeExit(status));
  // Appending keeps the file owned by the postgres user that initdb ran as.
  appendFileSync(
    path.join(options.dataDir, 'postgresql.conf'),
    renderPostgresConf({
      ...harnessPostgresSettings,
      unix_socket_directories: options.socketDir,
      ...options.settings,
    }),
  );
}

import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { describeExit, ManagedProcess } from '../process/managed-process';
import { requireServiceBinary } from '../process/service-binaries';
import type { SystemUser } from './postgres-user';
import {
  monitoringPostgresSettings,
  renderPostgresConf,
  throwAwayPostgresSettings,
} from './postgres-settings';

/**
 * Paths of the two server binaries: in `binDir`, else $PERFLENS_POSTGRES_BIN_DIR, else Debian's
 * /usr/lib/postgresql/15/bin; checked to exist (naming the Debian package when they do not).
 */
export function postgresBinaries(binDir?: string): { initdb: string; postgres: string } {
  return {
    initdb: requireServiceBinary('initdb', binDir),
    postgres: requireServiceBinary('postgres', binDir),
  };
}

/** Options for {@link initCluster}. */
export interface InitClusterOptions {
  initdb: string;
  dataDir: string;
  socketDir: string;
  user: SystemUser | undefined;
  settings: Readonly<Record<string, string>>;
  /** Skips fsync in initdb and switches durability off in the server (see throwAwayPostgresSettings). */
  throwAway: boolean;
  logFile?: string;
}

/**
 * Runs initdb (trust auth, superuser `postgres`, UTF8, C locale so the result does not depend on the
 * machine's locale), then appends the supervisor's settings and the caller's to postgresql.conf; the
 * socket goes to `socketDir` so parallel clusters never meet in /var/run/postgresql.
 */
export async function initCluster(options: InitClusterOptions): Promise<void> {
  const initdb = await ManagedProcess.start({
    label: 'initdb',
    command: options.initdb,
    args: [
      ...['-D', options.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C'],
      ...(options.throwAway ? ['--no-sync'] : []),
    ],
    cwd: options.socketDir,
    user: options.user,
    logFile: options.logFile,
  });
  const status = await initdb.exited;
  if (status.code !== 0) throw await initdb.failure(describeExit(status));
  // Appending keeps the file owned by the postgres user that initdb ran as.
  appendFileSync(
    path.join(options.dataDir, 'postgresql.conf'),
    renderPostgresConf({
      ...monitoringPostgresSettings,
      ...(options.throwAway ? throwAwayPostgresSettings : {}),
      unix_socket_directories: options.socketDir,
      ...options.settings,
    }),
  );
}

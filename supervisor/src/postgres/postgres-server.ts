import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../process/free-port';
import { type ExitStatus, ManagedProcess } from '../process/managed-process';
import { workDir, type WorkDir } from '../process/temp-dir';
import { waitUntilReady, withPortRetry } from '../process/wait-until-ready';
import { initCluster, postgresBinaries } from './init-cluster';
import { acceptsConnections, postgresUrl } from './postgres-ready';
import { postgresRunAs, type SystemUser } from './postgres-user';

/** Options for {@link startPostgresServer}. */
export interface StartPostgresServerOptions {
  /** Extra postgresql.conf settings, written when the cluster is created; they override the defaults. */
  settings?: Record<string, string>;
  /** Folder with initdb and postgres; defaults to $PERFLENS_POSTGRES_BIN_DIR, then /usr/lib/postgresql/15/bin. */
  binDir?: string;
  /** How long to wait for the server to accept connections (default 30 s). */
  startupTimeoutMs?: number;
  /**
   * A folder to keep the cluster in (data in `<dir>/data`, the socket in `<dir>`): initdb runs only when
   * it holds no cluster yet, durability stays on, and stop() keeps it. Default: a temporary folder with
   * a non-durable cluster, removed by stop().
   */
  dir?: string;
  /** Listen on this port; default a free one (another is tried when it is taken before the bind). */
  port?: number;
  /** Also append initdb's and the server's output to this file. */
  logFile?: string;
}

/** A running PostgreSQL 15 server started by the supervisor. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** The cluster folder: `data/` and the socket. */
  readonly dir: string;
  readonly dataDir: string;
  /** Postmaster pid while the server runs; undefined while paused or after stop(). */
  readonly pid: number | undefined;
  /**
   * Resolves when the postmaster running now ends (stop() and pause() included); a ProcessGroup watches it to
   * report a server that died.
   */
  readonly exited: Promise<ExitStatus>;
  /** Superuser connection string for `database` (default postgres). */
  connectionString(database?: string): string;
  /** Stops the server but keeps its data, to test an outage; resume() brings it back on the same port. */
  pause(): Promise<void>;
  /** Starts a paused server again with the same data directory and port. */
  resume(): Promise<void>;
  /** Fast shutdown (SIGINT, SIGKILL after 10 s), then removes a temporary folder. Idempotent. */
  stop(): Promise<void>;
}

const host = '127.0.0.1';

/**
 * Starts `postgres` as a direct child (not through pg_ctl, so the supervisor owns the pid and can always
 * kill it), creating the cluster first when its folder holds none.
 */
export async function startPostgresServer(options: StartPostgresServerOptions = {}): Promise<PostgresServer> {
  const binaries = postgresBinaries(options.binDir);
  const dir = workDir('postgres', options.dir);
  try {
    const user = postgresRunAs(dir.path);
    const dataDir = path.join(dir.path, 'data');
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      await initCluster({
        initdb: binaries.initdb,
        dataDir,
        socketDir: dir.path,
        user,
        settings: options.settings ?? {},
        throwAway: dir.temporary,
        logFile: options.logFile,
      });
    }
    const launch = (port: number) =>
      launchServer({
        postgres: binaries.postgres,
        dataDir,
        port,
        user,
        timeoutMs: options.startupTimeoutMs ?? 30_000,
        logFile: options.logFile,
      });
    const server =
      options.port === undefined ? await withPortRetry(freePort, launch) : await launch(options.port);
    return new PostgresCluster(dir, dataDir, server.port, server.process, launch);
  } catch (error) {
    dir.remove();
    throw error;
  }
}

interface LaunchedServer {
  port: number;
  process: ManagedProcess;
}

class PostgresCluster implements PostgresServer {
  readonly host = host;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly workDir: WorkDir,
    readonly dataDir: string,
    readonly port: number,
    private server: ManagedProcess | undefined,
    private readonly launch: (port: number) => Promise<LaunchedServer>,
  ) {}

  get dir(): string {
    return this.workDir.path;
  }

  get pid(): number | undefined {
    return this.server?.running ? this.server.pid : undefined;
  }

  get exited(): Promise<ExitStatus> {
    // While paused there is no postmaster; the promise of the next one is not known yet.
    return this.server?.exited ?? new Promise<ExitStatus>(() => undefined);
  }

  connectionString(database = 'postgres'): string {
    return postgresUrl(this.host, this.port, database);
  }

  async pause(): Promise<void> {
    this.assertNotStopped('pause');
    await this.server?.stop();
    this.server = undefined;
  }

  async resume(): Promise<void> {
    this.assertNotStopped('resume');
    if (this.server?.running) return;
    this.server = (await this.launch(this.port)).process;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.server?.stop();
      } finally {
        this.workDir.remove();
      }
    })();
    return this.stopping;
  }

  private assertNotStopped(action: string): void {
    if (this.stopping) throw new Error(`cannot ${action} PostgreSQL on port ${this.port}: it was stopped`);
  }
}

async function launchServer(options: {
  postgres: string;
  dataDir: string;
  port: number;
  user: SystemUser | undefined;
  timeoutMs: number;
  logFile: string | undefined;
}): Promise<LaunchedServer> {
  const server = await ManagedProcess.start({
    label: 'postgres',
    command: options.postgres,
    args: ['-D', options.dataDir, '-p', String(options.port)],
    cwd: options.dataDir,
    user: options.user,
    // SIGINT is PostgreSQL's fast shutdown; SIGQUIT its immediate shutdown, which still removes the
    // shared memory segment that SIGKILL would leave behind (docs 19.5, "Shutting Down the Server").
    stopSignal: 'SIGINT',
    emergencySignal: 'SIGQUIT',
    logFile: options.logFile,
  });
  await waitUntilReady(server, () => acceptsConnections(postgresUrl(host, options.port)), {
    timeoutMs: options.timeoutMs,
  });
  return { port: options.port, process: server };
}

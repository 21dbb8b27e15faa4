import { freePort } from '../process/free-port';
import { type ExitStatus, ManagedProcess } from '../process/managed-process';
import { workDir, type WorkDir } from '../process/temp-dir';
import { waitUntilReady, withPortRetry } from '../process/wait-until-ready';
import { renderConfig, type ServiceConfig, writeConfigFiles } from './config-files';
import { answersOk } from './http-json';

/** Where a Prometheus-family server runs and keeps its files; shared by their start options. */
export interface ServerPlacement {
  /**
   * A folder to keep the config and the data in, reused by the next start; stop() keeps it. Default: a
   * temporary folder, removed by stop().
   */
  dir?: string;
  /** Listen on this port of 127.0.0.1; default a free one (another is tried when it is taken before the bind). */
  port?: number;
  /** Also append the server's output to this file. */
  logFile?: string;
  startupTimeoutMs?: number;
}

/** What differs between the Prometheus-family servers the supervisor starts. */
export interface ConfiguredServerSpec extends ServerPlacement {
  label: string;
  binary: string;
  /** Main config file name, e.g. prometheus.yml. */
  configFileName: string;
  /** Config key that lists the side files (rule_files, templates), filled in for object configs. */
  sideFilesKey: string;
  config: ServiceConfig;
  /** Side files (file name -> content) written next to the config. */
  sideFiles: Record<string, string>;
  args(location: { port: number; dir: string; configFile: string }): string[];
}

export interface StartedServer {
  url: string;
  port: number;
  dir: WorkDir;
  server: ManagedProcess;
}

/**
 * Writes the config and side files into the server's folder, starts the server (on a free port, retrying
 * on another if one is taken in between, unless the port is fixed) and waits for `/-/ready`, which
 * Prometheus and Alertmanager both serve. A temporary folder is removed when start-up fails.
 */
export async function startConfiguredServer(spec: ConfiguredServerSpec): Promise<StartedServer> {
  const dir = workDir(spec.label, spec.dir);
  const attempt = async (port: number): Promise<StartedServer> => {
    const location = { port, dir: dir.path };
    const yamlText = renderConfig(spec.config, location, spec.sideFilesKey, Object.keys(spec.sideFiles));
    const configFile = writeConfigFiles(dir.path, spec.configFileName, yamlText, spec.sideFiles);
    const server = await ManagedProcess.start({
      label: spec.label,
      command: spec.binary,
      args: spec.args({ ...location, configFile }),
      cwd: dir.path,
      logFile: spec.logFile,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(server, () => answersOk(`${url}/-/ready`), {
      timeoutMs: spec.startupTimeoutMs ?? 30_000,
    });
    return { url, port, dir, server };
  };
  try {
    return spec.port === undefined ? await withPortRetry(freePort, attempt) : await attempt(spec.port);
  } catch (error) {
    dir.remove();
    throw error;
  }
}

/**
 * A started Prometheus-family server: its address, folder and pid, and an idempotent stop (the server's
 * stop signal, SIGKILL after 10 s) that then removes a temporary folder. Prometheus adds reload() on top.
 */
export class RunningConfiguredServer {
  readonly url: string;
  readonly port: number;
  private readonly workDir: WorkDir;
  private readonly server: ManagedProcess;
  private stopping: Promise<void> | undefined;

  constructor(started: StartedServer) {
    this.url = started.url;
    this.port = started.port;
    this.workDir = started.dir;
    this.server = started.server;
  }

  get dir(): string {
    return this.workDir.path;
  }

  get pid(): number | undefined {
    return this.server.running ? this.server.pid : undefined;
  }

  /** Resolves when the server process ends, whether stop() ended it or not (see ProcessGroup.onMemberExit). */
  get exited(): Promise<ExitStatus> {
    return this.server.exited;
  }

  stop(): Promise<void> {
    this.stopping ??= this.server
      .stop()
      .then(() => undefined)
      .finally(() => this.workDir.remove());
    return this.stopping;
  }
}

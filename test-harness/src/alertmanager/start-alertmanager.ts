import path from 'node:path';
import { envVars } from '../env-vars';
import { requireBinary } from '../process/binaries';
import type { ManagedProcess } from '../process/managed-process';
import type { TempDir } from '../process/temp-dir';
import type { ServiceConfig } from '../service/config-files';
import { startConfiguredServer } from '../service/start-configured-server';
import { AlertmanagerApi } from './alertmanager-api';

/** Options for {@link startAlertmanager}. */
export interface StartAlertmanagerOptions {
  /** alertmanager.yml as YAML text, an object, or a function of { port, dir }. */
  config: ServiceConfig;
  /** Notification templates (file name -> text) written next to the config; an object config without templates gets them listed. */
  templates?: Record<string, string>;
  extraArgs?: string[];
  /** Defaults to $PERFLENS_ALERTMANAGER_BIN, then /usr/bin/prometheus-alertmanager (Debian package prometheus-alertmanager). */
  binary?: string;
  startupTimeoutMs?: number;
}

/** A running Alertmanager with typed access to its API v2. */
export interface AlertmanagerInstance extends AlertmanagerApi {
  readonly port: number;
  /** Folder holding alertmanager.yml, the templates and the silence/notification-log storage. */
  readonly dir: string;
  /** Server pid while it runs; undefined after stop(). */
  readonly pid: number | undefined;
  /** Graceful stop (SIGTERM, SIGKILL after 10 s), then removes the folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a single Alertmanager on a free port in a temporary folder and waits for /-/ready. Clustering is
 * switched off (empty --cluster.listen-address): parallel test instances must not gossip with each other.
 */
export async function startAlertmanager(options: StartAlertmanagerOptions): Promise<AlertmanagerInstance> {
  const binary = requireBinary(
    options.binary ?? process.env[envVars.alertmanagerBin] ?? '/usr/bin/prometheus-alertmanager',
    'prometheus-alertmanager',
    envVars.alertmanagerBin,
  );
  const started = await startConfiguredServer({
    label: 'alertmanager',
    binary,
    configFileName: 'alertmanager.yml',
    sideFilesKey: 'templates',
    config: options.config,
    sideFiles: options.templates ?? {},
    args: ({ port, dir, configFile }) => [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      ...(options.extraArgs ?? []),
    ],
    startupTimeoutMs: options.startupTimeoutMs,
  });
  return new AlertmanagerServer(started.url, started.port, started.dir, started.server);
}

class AlertmanagerServer extends AlertmanagerApi implements AlertmanagerInstance {
  private stopping: Promise<void> | undefined;

  constructor(
    url: string,
    readonly port: number,
    private readonly tempDir: TempDir,
    private readonly server: ManagedProcess,
  ) {
    super(url);
  }

  get dir(): string {
    return this.tempDir.path;
  }

  get pid(): number | undefined {
    return this.server.running ? this.server.pid : undefined;
  }

  stop(): Promise<void> {
    this.stopping ??= this.server
      .stop()
      .then(() => undefined)
      .finally(() => this.tempDir.remove());
    return this.stopping;
  }
}

import path from 'node:path';
import type { ExitStatus } from '../process/managed-process';
import { requireServiceBinary } from '../process/service-binaries';
import type { ServiceConfig } from '../service/config-files';
import {
  RunningConfiguredServer,
  type ServerPlacement,
  startConfiguredServer,
} from '../service/start-configured-server';

/** Options for {@link startAlertmanagerServer}. */
export interface StartAlertmanagerServerOptions extends ServerPlacement {
  /** alertmanager.yml as YAML text, an object, or a function of { port, dir }. */
  config: ServiceConfig;
  /** Notification templates (file name -> text) written next to the config; an object config without templates gets them listed. */
  templates?: Record<string, string>;
  /** Flags after the supervisor's. */
  extraArgs?: string[];
  /** Defaults to $PERFLENS_ALERTMANAGER_BIN, then /usr/bin/prometheus-alertmanager (Debian package prometheus-alertmanager). */
  binary?: string;
}

/** A running Alertmanager. */
export interface AlertmanagerServer {
  readonly url: string;
  readonly port: number;
  /** Folder holding alertmanager.yml, the templates and the silence/notification-log storage (`data/`). */
  readonly dir: string;
  /** Server pid while it runs; undefined after stop(). */
  readonly pid: number | undefined;
  /** Resolves when the server process ends, stop() included; a ProcessGroup watches it to report a death. */
  readonly exited: Promise<ExitStatus>;
  /** Graceful stop (SIGTERM, SIGKILL after 10 s), then removes a temporary folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Alertmanager's command line: the config, its storage in `<dir>/data`, loopback only, and clustering
 * switched off (empty --cluster.listen-address): a single local instance must not gossip with others.
 */
export function alertmanagerArgs(location: { port: number; dir: string; configFile: string }): string[] {
  return [
    `--config.file=${location.configFile}`,
    `--storage.path=${path.join(location.dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${location.port}`,
    '--cluster.listen-address=',
  ];
}

/** Starts a single Alertmanager (see {@link ServerPlacement} for the folder and port) and waits for /-/ready. */
export async function startAlertmanagerServer(
  options: StartAlertmanagerServerOptions,
): Promise<AlertmanagerServer> {
  const binary = requireServiceBinary('alertmanager', options.binary);
  const started = await startConfiguredServer({
    ...options,
    label: 'alertmanager',
    binary,
    configFileName: 'alertmanager.yml',
    sideFilesKey: 'templates',
    sideFiles: options.templates ?? {},
    args: (location) => [...alertmanagerArgs(location), ...(options.extraArgs ?? [])],
  });
  return new RunningConfiguredServer(started);
}

import path from 'node:path';
import type { ExitStatus } from '../process/managed-process';
import { requireServiceBinary } from '../process/service-binaries';
import { renderConfig, type ServiceConfig, writeConfigFiles } from '../service/config-files';
import { requestJson } from '../service/http-json';
import {
  RunningConfiguredServer,
  type ServerPlacement,
  type StartedServer,
  startConfiguredServer,
} from '../service/start-configured-server';

/** Options for {@link startPrometheusServer}. */
export interface StartPrometheusServerOptions extends ServerPlacement {
  /** prometheus.yml as YAML text, an object, or a function of { port, dir } (to scrape itself, say). */
  config: ServiceConfig;
  /** Rule files (file name -> YAML) written next to the config; an object config without rule_files gets them listed. */
  ruleFiles?: Record<string, string>;
  /** Flags after the supervisor's, e.g. --web.enable-remote-write-receiver. */
  extraArgs?: string[];
  /** Defaults to $PERFLENS_PROMETHEUS_BIN, then /usr/bin/prometheus (Debian package prometheus). */
  binary?: string;
}

/** A running Prometheus. */
export interface PrometheusServer {
  readonly url: string;
  readonly port: number;
  /** Folder holding prometheus.yml, the rule files and the TSDB (`data/`). */
  readonly dir: string;
  /** Server pid while it runs; undefined after stop(). */
  readonly pid: number | undefined;
  /** Resolves when the server process ends, stop() included; a ProcessGroup watches it to report a death. */
  readonly exited: Promise<ExitStatus>;
  /** Rewrites the given files (config and/or rule files), then asks Prometheus to reload them. */
  reload(update?: { config?: ServiceConfig; ruleFiles?: Record<string, string> }): Promise<void>;
  /** Graceful stop (SIGTERM, SIGKILL after 10 s), then removes a temporary folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Prometheus's command line: the config, the TSDB in `<dir>/data`, loopback only, and the lifecycle API
 * that reload() uses (POST /-/reload, Prometheus docs "Management API").
 */
export function prometheusArgs(location: { port: number; dir: string; configFile: string }): string[] {
  return [
    `--config.file=${location.configFile}`,
    `--storage.tsdb.path=${path.join(location.dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${location.port}`,
    '--web.enable-lifecycle',
  ];
}

/** Starts Prometheus (see {@link ServerPlacement} for the folder and port) and waits for /-/ready. */
export async function startPrometheusServer(
  options: StartPrometheusServerOptions,
): Promise<PrometheusServer> {
  const binary = requireServiceBinary('prometheus', options.binary);
  const started = await startConfiguredServer({
    ...options,
    label: 'prometheus',
    binary,
    configFileName: 'prometheus.yml',
    sideFilesKey: 'rule_files',
    sideFiles: options.ruleFiles ?? {},
    args: (location) => [...prometheusArgs(location), ...(options.extraArgs ?? [])],
  });
  return new RunningPrometheus(started, options);
}

class RunningPrometheus extends RunningConfiguredServer implements PrometheusServer {
  // What the next reload writes: the latest configuration and every rule file written so far.
  private config: ServiceConfig;
  private readonly ruleFileNames: Set<string>;

  constructor(started: StartedServer, options: StartPrometheusServerOptions) {
    super(started);
    this.config = options.config;
    this.ruleFileNames = new Set(Object.keys(options.ruleFiles ?? {}));
  }

  async reload(update: { config?: ServiceConfig; ruleFiles?: Record<string, string> } = {}): Promise<void> {
    const ruleFiles = update.ruleFiles ?? {};
    this.config = update.config ?? this.config;
    for (const name of Object.keys(ruleFiles)) this.ruleFileNames.add(name);
    const location = { port: this.port, dir: this.dir };
    const yamlText = renderConfig(this.config, location, 'rule_files', [...this.ruleFileNames]);
    writeConfigFiles(this.dir, 'prometheus.yml', yamlText, ruleFiles);
    // Prometheus answers 500 with the reason when the new configuration is invalid (and keeps the old one).
    await requestJson('POST', `${this.url}/-/reload`);
  }
}

import path from 'node:path';
import { envVars } from '../env-vars';
import { requireBinary } from '../process/binaries';
import { ManagedProcess } from '../process/managed-process';
import type { TempDir } from '../process/temp-dir';
import { renderConfig, type ServiceConfig, writeConfigFiles } from '../service/config-files';
import { requestJson } from '../service/http-json';
import { startConfiguredServer } from '../service/start-configured-server';
import { PrometheusApi } from './prometheus-api';

/** Options for {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /** prometheus.yml as YAML text, an object, or a function of { port, dir } (to scrape itself, say). */
  config: ServiceConfig;
  /** Rule files (file name -> YAML) written next to the config; an object config without rule_files gets them listed. */
  ruleFiles?: Record<string, string>;
  extraArgs?: string[];
  /** Defaults to $PERFLENS_PROMETHEUS_BIN, then /usr/bin/prometheus (Debian package prometheus). */
  binary?: string;
  startupTimeoutMs?: number;
}

/** A running Prometheus with typed access to its HTTP API. */
export interface PrometheusInstance extends PrometheusApi {
  readonly port: number;
  /** Folder holding prometheus.yml, the rule files and the TSDB. */
  readonly dir: string;
  /** Server pid while it runs; undefined after stop(). */
  readonly pid: number | undefined;
  /** Rewrites the given files (config and/or rule files), then asks Prometheus to reload them. */
  reload(update?: { config?: ServiceConfig; ruleFiles?: Record<string, string> }): Promise<void>;
  /** Graceful stop (SIGTERM, SIGKILL after 10 s), then removes the folder. Idempotent. */
  stop(): Promise<void>;
}

/** Starts Prometheus on a free port in a temporary folder and waits for /-/ready. */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusInstance> {
  const binary = requireBinary(
    options.binary ?? process.env[envVars.prometheusBin] ?? '/usr/bin/prometheus',
    'prometheus',
    envVars.prometheusBin,
  );
  const started = await startConfiguredServer({
    label: 'prometheus',
    binary,
    configFileName: 'prometheus.yml',
    sideFilesKey: 'rule_files',
    config: options.config,
    sideFiles: options.ruleFiles ?? {},
    args: ({ port, dir, configFile }) => [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      ...(options.extraArgs ?? []),
    ],
    startupTimeoutMs: options.startupTimeoutMs,
  });
  return new PrometheusServer(started.url, started.port, started.dir, started.server, options);
}

class PrometheusServer extends PrometheusApi implements PrometheusInstance {
  private stopping: Promise<void> | undefined;
  // What the next reload writes: the latest configuration and every rule file written so far.
  private config: ServiceConfig;
  private readonly ruleFileNames: Set<string>;

  constructor(
    url: string,
    readonly port: number,
    private readonly tempDir: TempDir,
    private readonly server: ManagedProcess,
    options: StartPrometheusOptions,
  ) {
    super(url);
    this.config = options.config;
    this.ruleFileNames = new Set(Object.keys(options.ruleFiles ?? {}));
  }

  get dir(): string {
    return this.tempDir.path;
  }

  get pid(): number | undefined {
    return this.server.running ? this.server.pid : undefined;
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

  stop(): Promise<void> {
    this.stopping ??= this.server
      .stop()
      .then(() => undefined)
      .finally(() => this.tempDir.remove());
    return this.stopping;
  }
}

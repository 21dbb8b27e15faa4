import path from 'node:path';
import type { ExitStatus } from '../process/managed-process';
import { requireServiceBinary } from '../process/service-binaries';
import { renderConfig, type ServiceConfig } from '../service/config-files';
import { RunningConfiguredServer, type ServerPlacement } from '../service/start-configured-server';
import { startVictoriaProcess } from './start-victoria-process';

/** One member of a cluster of scrapers: each scrapes its share of the targets (vmagent `-promscrape.cluster.*`). */
export interface ScrapeShard {
  membersCount: number;
  memberNum: number;
  /** How many members scrape each target (default 1); 2 keeps every target scraped when one member dies. */
  replicationFactor?: number;
}

/** Options for {@link startVmagentServer}. */
export interface StartVmagentServerOptions extends ServerPlacement {
  /** The scrape configuration (Prometheus's `scrape_configs` format) as YAML, an object, or a function of { port, dir }. */
  config: ServiceConfig;
  /** Where the scraped samples go (Prometheus remote write), e.g. `<VictoriaMetrics>/api/v1/write`. */
  remoteWriteUrls: string[];
  shard?: ScrapeShard;
  extraArgs?: string[];
  /** Defaults to $PERFLENS_VMAGENT_BIN, then /usr/bin/vmagent (Debian package victoria-metrics). */
  binary?: string;
}

/** A running vmagent. */
export interface VmagentServer {
  readonly url: string;
  readonly port: number;
  /** Folder holding scrape.yml and the remote-write buffer (`buffer/`). */
  readonly dir: string;
  readonly pid: number | undefined;
  readonly exited: Promise<ExitStatus>;
  stop(): Promise<void>;
}

/** vmagent's command line for one scrape config, its remote-write targets and its shard of the cluster. */
export function vmagentArgs(
  location: { dir: string; configFile: string },
  options: Pick<StartVmagentServerOptions, 'remoteWriteUrls' | 'shard'>,
): string[] {
  if (options.remoteWriteUrls.length === 0) throw new Error('vmagent needs at least one remote-write URL');
  const shard = options.shard;
  return [
    `-promscrape.config=${location.configFile}`,
    `-remoteWrite.tmpDataPath=${path.join(location.dir, 'buffer')}`,
    ...options.remoteWriteUrls.map((url) => `-remoteWrite.url=${url}`),
    ...(shard === undefined
      ? []
      : [
          `-promscrape.cluster.membersCount=${shard.membersCount}`,
          `-promscrape.cluster.memberNum=${shard.memberNum}`,
          `-promscrape.cluster.replicationFactor=${shard.replicationFactor ?? 1}`,
        ]),
    '-loggerLevel=WARN',
  ];
}

/** Starts vmagent (see {@link ServerPlacement}) and waits for /health. */
export async function startVmagentServer(options: StartVmagentServerOptions): Promise<VmagentServer> {
  const binary = requireServiceBinary('vmagent', options.binary);
  const label = options.shard === undefined ? 'vmagent' : `vmagent-${options.shard.memberNum}`;
  const started = await startVictoriaProcess({
    ...options,
    label,
    binary,
    files: (location) => ({ 'scrape.yml': renderConfig(options.config, location, 'scrape_configs', []) }),
    args: ({ dir }) => [
      ...vmagentArgs({ dir, configFile: path.join(dir, 'scrape.yml') }, options),
      ...(options.extraArgs ?? []),
    ],
  });
  return new RunningConfiguredServer(started);
}

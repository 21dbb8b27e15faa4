import path from 'node:path';
import type { ExitStatus } from '../process/managed-process';
import { requireServiceBinary } from '../process/service-binaries';
import { RunningConfiguredServer, type ServerPlacement } from '../service/start-configured-server';
import { startVictoriaProcess } from './start-victoria-process';

/** Options for {@link startVictoriaMetricsServer}. */
export interface StartVictoriaMetricsServerOptions extends ServerPlacement {
  /** How long samples are kept: a number of months, or with a unit (`15d`, `2w`, `1y`). Default `1` (month). */
  retentionPeriod?: string;
  /** Flags after the supervisor's, e.g. -dedup.minScrapeInterval=15s. */
  extraArgs?: string[];
  /** Defaults to $PERFLENS_VICTORIA_METRICS_BIN, then /usr/bin/victoria-metrics (Debian package victoria-metrics). */
  binary?: string;
}

/** A running single-node VictoriaMetrics: Prometheus's query API, remote write and import endpoints. */
export interface VictoriaMetricsServer {
  readonly url: string;
  readonly port: number;
  /** Folder holding the storage (`data/`). */
  readonly dir: string;
  /** Where the samples are stored, for measuring the bytes on disk. */
  readonly dataDir: string;
  readonly pid: number | undefined;
  readonly exited: Promise<ExitStatus>;
  /** Graceful stop (SIGTERM, SIGKILL after 10 s), then removes a temporary folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The store's command line. `-search.latencyOffset=0s`: VictoriaMetrics hides the newest 30 s of samples
 * from queries by default (they may still be arriving); a local store fed by a local scraper has no such
 * delay, and without this a query right after a scrape would look empty.
 */
export function victoriaMetricsArgs(
  dataDir: string,
  options: Pick<StartVictoriaMetricsServerOptions, 'retentionPeriod'>,
): string[] {
  return [
    `-storageDataPath=${dataDir}`,
    `-retentionPeriod=${options.retentionPeriod ?? '1'}`,
    '-search.latencyOffset=0s',
    '-loggerLevel=WARN',
  ];
}

/** Starts VictoriaMetrics (see {@link ServerPlacement} for the folder and port) and waits for /health. */
export async function startVictoriaMetricsServer(
  options: StartVictoriaMetricsServerOptions = {},
): Promise<VictoriaMetricsServer> {
  const binary = requireServiceBinary('victoria-metrics', options.binary);
  const started = await startVictoriaProcess({
    ...options,
    label: 'victoria-metrics',
    binary,
    args: ({ dir }) => [
      ...victoriaMetricsArgs(path.join(dir, 'data'), options),
      ...(options.extraArgs ?? []),
    ],
  });
  return new RunningVictoriaMetrics(started);
}

class RunningVictoriaMetrics extends RunningConfiguredServer implements VictoriaMetricsServer {
  get dataDir(): string {
    return path.join(this.dir, 'data');
  }
}

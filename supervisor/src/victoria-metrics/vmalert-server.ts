import path from 'node:path';
import type { ExitStatus } from '../process/managed-process';
import { requireServiceBinary } from '../process/service-binaries';
import { RunningConfiguredServer, type ServerPlacement } from '../service/start-configured-server';
import { startVictoriaProcess } from './start-victoria-process';

/** Where vmalert reads series, writes recording rules and ALERTS, and sends firing alerts. */
export interface VmalertEndpoints {
  /** Prometheus-compatible query API the rules are evaluated against, e.g. VictoriaMetrics's root URL. */
  datasourceUrl: string;
  /**
   * Root URL of the store that keeps recording-rule results and ALERTS series (vmalert appends /api/v1/write
   * itself); without it recording rules go nowhere.
   */
  remoteWriteUrl?: string;
  /** Alertmanager root URLs. */
  notifierUrls?: string[];
}

/** Options for {@link startVmalertServer}. */
export interface StartVmalertServerOptions extends ServerPlacement, VmalertEndpoints {
  /** Prometheus rule files (plain file name -> YAML), written into vmalert's folder. */
  ruleFiles: Record<string, string>;
  /** Default evaluation interval of groups that set none, e.g. `1s` in tests. */
  evaluationInterval?: string;
  extraArgs?: string[];
  /** Defaults to $PERFLENS_VMALERT_BIN, then /usr/bin/vmalert (Debian package victoria-metrics). */
  binary?: string;
}

/** A running vmalert; its /api/v1/rules and /api/v1/alerts answer like Prometheus's. */
export interface VmalertServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly pid: number | undefined;
  readonly exited: Promise<ExitStatus>;
  stop(): Promise<void>;
}

/** The flags naming the rule files in `dir` and the endpoints. */
export function vmalertArgs(
  dir: string,
  ruleFileNames: readonly string[],
  endpoints: VmalertEndpoints,
): string[] {
  if (ruleFileNames.length === 0) throw new Error('vmalert needs at least one rule file');
  return [
    ...ruleFileNames.map((name) => `-rule=${path.join(dir, name)}`),
    `-datasource.url=${endpoints.datasourceUrl}`,
    ...(endpoints.remoteWriteUrl === undefined ? [] : [`-remoteWrite.url=${endpoints.remoteWriteUrl}`]),
    ...(endpoints.notifierUrls ?? []).map((url) => `-notifier.url=${url}`),
    '-loggerLevel=WARN',
  ];
}

/** Starts vmalert (see {@link ServerPlacement}) and waits for /health. */
export async function startVmalertServer(options: StartVmalertServerOptions): Promise<VmalertServer> {
  const binary = requireServiceBinary('vmalert', options.binary);
  const started = await startVictoriaProcess({
    ...options,
    label: 'vmalert',
    binary,
    files: () => options.ruleFiles,
    args: ({ dir }) => [
      ...vmalertArgs(dir, Object.keys(options.ruleFiles), options),
      ...(options.evaluationInterval === undefined
        ? []
        : [`-evaluationInterval=${options.evaluationInterval}`]),
      ...(options.extraArgs ?? []),
    ],
  });
  return new RunningConfiguredServer(started);
}

import {
  startVictoriaMetricsServer,
  type StartVictoriaMetricsServerOptions,
  type VictoriaMetricsServer,
} from '@perflens/supervisor';
import { VictoriaMetricsApi } from './victoria-metrics-api';

/** Options for {@link startVictoriaMetrics}. */
export type StartVictoriaMetricsOptions = Pick<
  StartVictoriaMetricsServerOptions,
  'retentionPeriod' | 'extraArgs' | 'binary' | 'startupTimeoutMs'
>;

/** A running single-node VictoriaMetrics with typed access to its API. */
export interface VictoriaMetricsInstance extends VictoriaMetricsApi {
  readonly port: number;
  readonly dir: string;
  /** The storage folder, for measuring bytes on disk. */
  readonly dataDir: string;
  readonly pid: number | undefined;
  /** Remote-write endpoint for vmagent, vmalert or Prometheus (`/api/v1/write`). */
  readonly remoteWriteUrl: string;
  stop(): Promise<void>;
}

/** Starts VictoriaMetrics on a free port in a temporary folder and waits for /health. */
export async function startVictoriaMetrics(
  options: StartVictoriaMetricsOptions = {},
): Promise<VictoriaMetricsInstance> {
  const { retentionPeriod, extraArgs, binary, startupTimeoutMs } = options;
  return new TestVictoriaMetrics(
    await startVictoriaMetricsServer({ retentionPeriod, extraArgs, binary, startupTimeoutMs }),
  );
}

class TestVictoriaMetrics extends VictoriaMetricsApi implements VictoriaMetricsInstance {
  constructor(private readonly server: VictoriaMetricsServer) {
    super(server.url);
  }

  get port(): number {
    return this.server.port;
  }

  get dir(): string {
    return this.server.dir;
  }

  get dataDir(): string {
    return this.server.dataDir;
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  get remoteWriteUrl(): string {
    return `${this.url}/api/v1/write`;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

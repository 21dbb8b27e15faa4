import {
  type PrometheusServer,
  type ServiceConfig,
  startPrometheusServer,
  type StartPrometheusServerOptions,
} from '@perflens/supervisor';
import { PrometheusApi } from './prometheus-api';

/** Options for {@link startPrometheus}. */
export type StartPrometheusOptions = Pick<
  StartPrometheusServerOptions,
  'config' | 'ruleFiles' | 'extraArgs' | 'binary' | 'startupTimeoutMs'
>;

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
  const { config, ruleFiles, extraArgs, binary, startupTimeoutMs } = options;
  return new TestPrometheus(
    await startPrometheusServer({ config, ruleFiles, extraArgs, binary, startupTimeoutMs }),
  );
}

/** The supervisor's server with the API client tests query it through. */
class TestPrometheus extends PrometheusApi implements PrometheusInstance {
  constructor(private readonly server: PrometheusServer) {
    super(server.url);
  }

  get port(): number {
    return this.server.port;
  }

  get dir(): string {
    return this.server.dir;
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  reload(update?: { config?: ServiceConfig; ruleFiles?: Record<string, string> }): Promise<void> {
    return this.server.reload(update);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

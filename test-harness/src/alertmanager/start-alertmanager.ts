import {
  type AlertmanagerServer,
  startAlertmanagerServer,
  type StartAlertmanagerServerOptions,
} from '@perflens/supervisor';
import { AlertmanagerApi } from './alertmanager-api';

/** Options for {@link startAlertmanager}. */
export type StartAlertmanagerOptions = Pick<
  StartAlertmanagerServerOptions,
  'config' | 'templates' | 'extraArgs' | 'binary' | 'startupTimeoutMs'
>;

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
 * switched off: parallel test instances must not gossip with each other.
 */
export async function startAlertmanager(options: StartAlertmanagerOptions): Promise<AlertmanagerInstance> {
  const { config, templates, extraArgs, binary, startupTimeoutMs } = options;
  return new TestAlertmanager(
    await startAlertmanagerServer({ config, templates, extraArgs, binary, startupTimeoutMs }),
  );
}

/** The supervisor's server with the API client tests query it through. */
class TestAlertmanager extends AlertmanagerApi implements AlertmanagerInstance {
  constructor(private readonly server: AlertmanagerServer) {
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

  stop(): Promise<void> {
    return this.server.stop();
  }
}

import {
  type AlertmanagerInstance,
  startAlertmanager,
  type StartAlertmanagerOptions,
} from '../alertmanager/start-alertmanager';
import { sharedPostgres, type SharedDatabase } from '../postgres/shared-postgres';
import { startPostgres, type PostgresInstance, type StartPostgresOptions } from '../postgres/start-postgres';
import {
  startPrometheus,
  type PrometheusInstance,
  type StartPrometheusOptions,
} from '../prometheus/start-prometheus';

/** Options given directly, or computed in beforeAll when they depend on something started earlier. */
export type LazyOptions<T> = T | (() => T);

/** Startup can include initdb on a busy CI machine; generous, since a hang still ends here. */
const startTimeoutMs = 120_000;
const stopTimeoutMs = 30_000;

/**
 * Starts a service in beforeAll and stops it in afterAll, which jest runs even when tests or beforeAll
 * failed. Returns a getter for use inside tests and later hooks.
 *
 * Jest runs afterAll hooks of one block in declaration order, so a hook that closes connections to the
 * service must be declared before this call, or the service stops under open connections.
 */
export function useService<T extends { stop(): Promise<void> }>(
  name: string,
  start: () => Promise<T>,
): () => T {
  let starting: Promise<T> | undefined;
  let instance: T | undefined;
  beforeAll(async () => {
    starting = start();
    instance = await starting;
  }, startTimeoutMs);
  afterAll(async () => {
    // Awaiting the start too: after a beforeAll timeout the service may still come up, and must be stopped.
    const started = await starting?.catch(() => undefined);
    await started?.stop();
  }, stopTimeoutMs);
  return () => {
    if (instance === undefined)
      throw new Error(`${name} is not running: use it in tests or hooks after beforeAll`);
    return instance;
  };
}

/** A throw-away PostgreSQL cluster for the enclosing describe block (see {@link useService}). */
export function usePostgres(options?: LazyOptions<StartPostgresOptions>): () => PostgresInstance {
  return useService('PostgreSQL', () => startPostgres(resolve(options)));
}

/** A Prometheus for the enclosing describe block (see {@link useService}). */
export function usePrometheus(options: LazyOptions<StartPrometheusOptions>): () => PrometheusInstance {
  return useService('Prometheus', () => startPrometheus(resolve(options)));
}

/** An Alertmanager for the enclosing describe block (see {@link useService}). */
export function useAlertmanager(options: LazyOptions<StartAlertmanagerOptions>): () => AlertmanagerInstance {
  return useService('Alertmanager', () => startAlertmanager(resolve(options)));
}

/**
 * A fresh database in the run's shared cluster, created in beforeAll. It is not dropped afterwards: the
 * cluster disappears with the run, and dropping would cut connections the test may still be closing.
 */
export function useSharedPostgres(): () => SharedDatabase {
  let database: SharedDatabase | undefined;
  beforeAll(async () => {
    database = await sharedPostgres();
  }, startTimeoutMs);
  return () => {
    if (database === undefined) throw new Error('the shared database is not ready: use it after beforeAll');
    return database;
  };
}

function resolve<T>(options: LazyOptions<T>): T {
  return typeof options === 'function' ? (options as () => T)() : options;
}

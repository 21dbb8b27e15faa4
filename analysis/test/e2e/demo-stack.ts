import { type PostgresInstance, startPostgres } from '@perflens/test-harness';
import { type BottleneckName, seedSizes, type SeedSizes } from '@perflens/demo';
import { type DemoProcess, startDemoProcess } from './demo-process';
import { type MonitoringStack, startMonitoringStack, waitForScrapesAfter } from './monitoring-stack';

const ADMIN_TOKEN = 'e2e-demo-admin-token-0123456789';

/** How the demo is started for the end-to-end test. */
export interface DemoStackOptions {
  /** Seed scale: the demo's default 1 makes the missing index cost what it costs in the demo. */
  scale: number;
  /** Pool size: below the traffic's concurrency, so holding connections (pool-exhaustion) makes others wait. */
  poolMax: number;
  /** Lets k6 remote-write its results into the stack's Prometheus (--web.enable-remote-write-receiver). */
  remoteWrite?: boolean;
}

/** PostgreSQL, the demo in its own process, the exporter and Prometheus, stopped in reverse order. */
export interface DemoStack {
  demo: DemoProcess;
  monitoring: MonitoringStack;
  sizes: SeedSizes;
  /** PUT /admin/bottlenecks/:name with the bearer token, as an operator would. */
  switchBottleneck(name: BottleneckName, enabled: boolean): Promise<void>;
  /** Runs `work` with the bottleneck on, and switches it off again whatever happens. */
  withBottleneck<T>(name: BottleneckName, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts the stack on free ports of 127.0.0.1. PostgreSQL is a cluster of its own rather than the run's
 * shared one: the checks read server-wide numbers (cache hit ratio, connections), which other test files'
 * databases would otherwise move.
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const postgres: PostgresInstance = await startPostgres();
    stops.push(() => postgres.stop());
    const dsn = await postgres.createDatabase('shop');
    const demo = await startDemoProcess({
      databaseUrl: dsn,
      adminToken: ADMIN_TOKEN,
      scale: options.scale,
      poolMax: options.poolMax,
    });
    stops.push(() => demo.stop());
    const monitoring = await startMonitoringStack(
      demo.port,
      dsn,
      options.remoteWrite ? ['--web.enable-remote-write-receiver'] : [],
    );
    stops.push(() => monitoring.stop());
    await waitForScrapesAfter(monitoring.prometheus, Date.now() / 1000);
    const switchBottleneck = async (name: BottleneckName, enabled: boolean) => {
      const response = await fetch(`${demo.url}/admin/bottlenecks/${name}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
      if (!response.ok)
        throw new Error(`switching ${name} answered ${response.status}: ${await response.text()}`);
    };
    return {
      demo,
      monitoring,
      sizes: seedSizes(options.scale),
      switchBottleneck,
      async withBottleneck(name, work) {
        await switchBottleneck(name, true);
        try {
          return await work();
        } finally {
          await switchBottleneck(name, false);
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

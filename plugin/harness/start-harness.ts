import { type AlertmanagerInstance, type PrometheusInstance, startAlertmanager } from '@perflens/test-harness';
import { backfillTsdb, startBackfilledPrometheus } from '../../analysis/test/fixtures/backfilled-prometheus';
import { buildHarnessBundle, HARNESS_BUILD_DIR } from './build-harness-bundle';
import { SCENARIO, scenarioOpenMetrics } from './harness-scenario';
import { startHarnessServer } from './harness-server';

export interface Harness {
  url: string;
  prometheus: PrometheusInstance;
  alertmanager: AlertmanagerInstance;
  stop(): Promise<void>;
}

/**
 * The whole stand-in for Grafana: a real Prometheus serving the scenario (backfilled with promtool), a
 * real Alertmanager, the harness bundle, and the server in front of them.
 */
export async function startHarness(options: { port?: number } = {}): Promise<Harness> {
  const backfill = backfillTsdb(scenarioOpenMetrics());
  const [prometheus, alertmanager] = await Promise.all([
    startBackfilledPrometheus(backfill.blocksDir),
    startAlertmanager({ config: { route: { receiver: 'none' }, receivers: [{ name: 'none' }] } }),
    buildHarnessBundle(),
  ]);
  const server = await startHarnessServer({
    port: options.port,
    bundleDir: HARNESS_BUILD_DIR,
    prometheusUrl: prometheus.url,
    alertmanagerUrl: alertmanager.url,
    jsonData: {
      prometheusUid: 'prometheus',
      alertmanagerUid: 'alertmanager',
      jobs: [SCENARIO.job, 'checkout-api'],
      sloObjectives: SCENARIO.sloObjectives,
    },
  });
  return {
    url: server.url,
    prometheus,
    alertmanager,
    stop: async () => {
      await server.close();
      await Promise.all([prometheus.stop(), alertmanager.stop()]);
      backfill.remove();
    },
  };
}

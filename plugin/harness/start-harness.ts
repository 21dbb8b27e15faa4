import {
  type AlertmanagerInstance,
  backfillTsdb,
  type PrometheusInstance,
  startAlertmanager,
  startBackfilledPrometheus,
} from '@perflens/test-harness';
import { buildHarnessBundle, HARNESS_BUILD_DIR } from './build-harness-bundle';
import { SCENARIO, scenarioOpenMetrics } from './harness-scenario';
import { startHarnessServer } from './harness-server';
import { provisionedAppSettings } from './provisioned-app-settings';

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
export async function startHarness(
  options: { port?: number; /** More app jsonData (an exporterUrl, say). */ jsonData?: Record<string, unknown> } = {}
): Promise<Harness> {
  // The app settings carry the SLO objectives as provisioned (generated from the SLO file).
  const { sloObjectives } = provisionedAppSettings();
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
      // Read by Grafana's server only: the plugin route that creates silences (plugin.json) proxies to it.
      alertmanagerUrl: alertmanager.url,
      jobs: [SCENARIO.job, 'checkout-api'],
      sloObjectives,
      ...options.jsonData,
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

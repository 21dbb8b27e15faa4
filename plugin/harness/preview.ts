import { HARNESS_BUILD_DIR, buildHarnessBundle } from './build-harness-bundle';
import { SCENARIO_RANGE } from './harness-scenario';
import { startHarnessServer } from './harness-server';
import { startHarness } from './start-harness';

/**
 * `npm run plugin:preview`: the app's pages in a browser without Grafana. With no arguments it serves the
 * harness scenario (a backfilled Prometheus and an Alertmanager); with --prometheus URL [--alertmanager URL]
 * it points the data source proxy at a running stack (`npm start` / `perflens up`).
 */
async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const port = Number(option('--port') ?? 3100);
  const prometheusUrl = option('--prometheus');
  let url: string;
  let stop: () => Promise<void>;
  let range = '';
  if (prometheusUrl) {
    await buildHarnessBundle();
    const server = await startHarnessServer({
      bundleDir: HARNESS_BUILD_DIR,
      prometheusUrl,
      alertmanagerUrl: option('--alertmanager'),
      jsonData: { prometheusUid: 'prometheus', alertmanagerUid: 'alertmanager', jobs: [option('--job') ?? 'demo-api'] },
      port,
    });
    ({ url } = server);
    stop = server.close;
  } else {
    const harness = await startHarness({ port });
    ({ url } = harness);
    stop = harness.stop;
    range = `?from=${SCENARIO_RANGE.from}&to=${SCENARIO_RANGE.to}`;
  }
  process.stdout.write(
    `Perflens pages without Grafana: ${url}/a/perflens-insights-app/overview${range}\n` +
      `(add &role=Viewer to see the app as a Viewer; Ctrl-C stops)\n`
  );
  const shutdown = () => void stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startDemoService, type DemoService } from '@perflens/demo';
import { loadExporterConfig, startExporterServer, type RunningExporter } from '@perflens/exporter';
import { startPrometheus, type PrometheusInstance } from '@perflens/test-harness';

const repo = path.resolve(__dirname, '..', '..');
export const DEMO_ADMIN_TOKEN = 'observed-stack-admin-token';

/** The demo, the standalone exporter and a Prometheus scraping both every second with the project's rules. */
export interface ObservedStack {
  demo: DemoService;
  exporter: RunningExporter;
  prometheus: PrometheusInstance;
  stop(): Promise<void>;
}

/** Every rule file Prometheus loads in production: hand-written layer rules and the generated SLO rules. */
export function projectRuleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const dir of ['alert-rules/rules', 'alert-rules/generated']) {
    for (const file of readdirSync(path.join(repo, dir)).filter((f) => f.endsWith('.yml'))) {
      files[file] = readFileSync(path.join(repo, dir, file), 'utf8');
    }
  }
  return files;
}

/** Starts the three parts on free ports; the demo seeds `databaseUrl` at a small scale. */
export async function startObservedStack(databaseUrl: string): Promise<ObservedStack> {
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };
  try {
    const configDir = mkdtempSync(path.join(tmpdir(), 'perflens-exporter-'));
    stoppers.push(async () => rmSync(configDir, { recursive: true, force: true }));
    const configFile = path.join(configDir, 'perflens.yaml');
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0 },
        logging: { level: 'silent' },
        postgres: { databases: [{ dsn: databaseUrl }] },
        rum: { allowedOrigins: ['*'], pages: [{ pattern: '/' }] },
      }),
    );
    const exporter = await startExporterServer(loadExporterConfig(configFile), pino({ level: 'silent' }));
    stoppers.push(() => exporter.close());
    const demo = await startDemoService({
      databaseUrl,
      adminToken: DEMO_ADMIN_TOKEN,
      scale: 0.02,
      poolMax: 4,
      exporterUrl: exporter.url,
    });
    stoppers.push(() => demo.stop());
    const prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [
          { job_name: 'demo-api', static_configs: [{ targets: [new URL(demo.url).host] }] },
          { job_name: 'perflens-exporter', static_configs: [{ targets: [new URL(exporter.url).host] }] },
        ],
      },
      ruleFiles: projectRuleFiles(),
      extraArgs: ['--web.enable-remote-write-receiver'],
    });
    stoppers.push(() => prometheus.stop());
    return { demo, exporter, prometheus, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const ROUTES = [
  '/',
  '/api/products',
  '/api/products/3/orders',
  '/api/orders',
  '/api/orders/5',
  '/api/customers/7/orders',
  '/api/customers/7/summary',
  '/api/shipping/quote?country=NL',
];

/** Requests every route in turn, one at a time, for `durationMs`, and one RUM beacon per second. */
export async function driveTraffic(stack: ObservedStack, durationMs: number): Promise<number> {
  const deadline = Date.now() + durationMs;
  let requests = 0;
  let nextBeacon = 0;
  while (Date.now() < deadline) {
    for (const route of ROUTES) {
      await (await fetch(`${stack.demo.url}${route}`)).arrayBuffer();
      requests++;
    }
    if (Date.now() >= nextBeacon) {
      nextBeacon = Date.now() + 1_000;
      await sendBeacon(stack.exporter.url, requests);
    }
  }
  return requests;
}

/** What the RUM snippet sends after a page view (milliseconds; CLS unitless). */
async function sendBeacon(exporterUrl: string, view: number): Promise<void> {
  const values = { LCP: 1200, INP: 80, CLS: 0.02, FCP: 600, TTFB: 90, PageLoad: 1500 };
  const response = await fetch(`${exporterUrl}/rum`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({
      page: 'http://127.0.0.1/',
      metrics: Object.entries(values).map(([name, value]) => ({ name, value, id: `v${view}-${name}` })),
    }),
  });
  if (response.status >= 300) throw new Error(`/rum answered ${response.status}: ${await response.text()}`);
}

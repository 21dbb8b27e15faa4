import { loadExporterConfig, type RunningExporter, startExporterServer } from '@perflens/exporter';
import { type PrometheusInstance, startPrometheus } from '@perflens/test-harness';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { analyze } from '../../analyze';
import type { AnalysisReport } from '../../report/analysis-report';
import { createHttpPrometheusClient } from '../../sources/http-prometheus-client';
import { resolveThresholds } from '../../thresholds/resolve-thresholds';

/**
 * The chain end to end on real processes: `perflens bundle --publish`'s summary posted to the real exporter,
 * real-user beacons on its /rum, a real Prometheus scraping both every second, and the engine reading it all
 * back: the page over its JavaScript budget is found, and its poor LCP is linked to it (causedBy).
 */
const TOKEN = 'frontend-assets-e2e-token-0123456789abcdef';
const ORIGIN = 'https://shop.example';
const JOB = 'shop-api';
const PAGE = '/products/:id';

/** What `perflens bundle --url … --publish` sends for the demo's frontend-bloat page (docs/bundle.md). */
const BLOATED_SUMMARY = {
  page: PAGE,
  reportedAtSeconds: Math.floor(Date.now() / 1000),
  script: { bytes: 91_136, budgetBytes: 20_480 },
  style: { bytes: 0, budgetBytes: 51_200 },
  uncompressedBytes: 93_000,
  renderBlocking: { scripts: 1, stylesheets: 0 },
  savingsBytes: { compression: 61_440, renderBlocking: 91_136, images: 0 },
};
/** The cart is published lean: it must not be blamed for anything. */
const LEAN_SUMMARY = {
  ...BLOATED_SUMMARY,
  page: '/cart',
  script: { bytes: 8_000, budgetBytes: 20_480 },
  uncompressedBytes: 0,
  renderBlocking: { scripts: 0, stylesheets: 0 },
  savingsBytes: { compression: 0, renderBlocking: 0, images: 0 },
};

let dir: string;
let exporter: RunningExporter;
let prometheus: PrometheusInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-frontend-e2e-'));
  writeFileSync(path.join(dir, 'publish-token'), TOKEN);
  const config = path.join(dir, 'perflens.yaml');
  writeFileSync(
    config,
    [
      'server: { host: 127.0.0.1, port: 0 }',
      'host: { enabled: false }',
      `rum: { allowedOrigins: ["${ORIGIN}"], pages: [ { pattern: "${PAGE}" }, { pattern: /cart } ] }`,
      'frontendAssets: { enabled: true, tokenFile: publish-token }',
    ].join('\n'),
  );
  exporter = await startExporterServer(loadExporterConfig(config, {}), pino({ level: 'silent' }));
  prometheus = await startPrometheus({
    config: {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: [
        { job_name: 'perflens-exporter', static_configs: [{ targets: [`127.0.0.1:${exporter.port}`] }] },
      ],
    },
  });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function publish(summary: object): Promise<void> {
  const response = await fetch(`${exporter.url}/api/v1/frontend-assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(summary),
  });
  expect(response.status).toBe(202);
}

let beaconId = 0;
/** Page views as the RUM snippet reports them: LCP and TTFB in milliseconds, one beacon per view. */
async function views(url: string, count: number, lcpMs: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${exporter.url}/rum`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: JSON.stringify({
        page: `${ORIGIN}${url}`,
        metrics: [
          { name: 'LCP', value: lcpMs, id: `v5-lcp-${(beaconId += 1)}` },
          { name: 'TTFB', value: 200, id: `v5-ttfb-${(beaconId += 1)}` },
        ],
      }),
    });
    expect(response.status).toBe(202);
  }
}

/** The scraped count of TTFB samples of a page, once Prometheus has at least `atLeast` of them. */
const scraped = (page: string, atLeast: number) =>
  prometheus.waitFor(
    `sum(perflens_web_vitals_ttfb_seconds_count{page="${page}"}) >= ${atLeast}`,
    (r) => r.length > 0,
    { timeoutMs: 30_000 },
  );

function engineOn(rangeSeconds: number): Promise<AnalysisReport> {
  return analyze({
    client: createHttpPrometheusClient({ url: prometheus.url, timeoutSeconds: 30, deadlineSeconds: 60 }),
    scope: { job: JOB, endSeconds: Date.now() / 1000, rangeSeconds },
    thresholds: resolveThresholds({ job: JOB }),
    // The service has no series here, so no exporter is on its hosts: name the one its pages beacon to.
    scopeTargets: { rumExporters: [`127.0.0.1:${exporter.port}`], rumExportersFrom: 'the test' },
  });
}

describe('published served-asset summaries in the analysis engine', () => {
  it("finds the page over its budget and links the page's poor real-user LCP to it", async () => {
    await Promise.all([publish(BLOATED_SUMMARY), publish(LEAN_SUMMARY)]);
    // Two rounds of views with a scrape between them, so rate() sees the histograms grow.
    await Promise.all([views('/products/7', 4, 5000), views('/cart', 4, 5000)]);
    await Promise.all([scraped(PAGE, 4), scraped('/cart', 4)]);
    await Promise.all([views('/products/8', 4, 5000), views('/cart', 4, 5000)]);
    await Promise.all([scraped(PAGE, 8), scraped('/cart', 8)]);
    await prometheus.waitFor('perflens_frontend_page_bytes{kind="script"}', (r) => r.length === 2);

    const report = await engineOn(120);
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const overBudget = 'frontend.page-javascript-over-budget/page=/products/:id';
    expect(byId.get(overBudget)?.title).toBe(
      '/products/:id downloads 89 KiB of JavaScript, over its budget of 20 KiB',
    );
    const lcpOf = (page: string) =>
      report.findings.find(
        (f) => f.check === 'frontend.poor-web-vitals' && f.target.page === page && f.target.vital === 'lcp',
      );
    expect(lcpOf(PAGE)?.severity).toBe('critical');
    expect(lcpOf(PAGE)?.causedBy).toEqual([
      overBudget,
      'frontend.render-blocking-assets/page=/products/:id',
      'frontend.uncompressed-assets/page=/products/:id',
    ]);
    // The cart's LCP is as poor, but what it serves explains nothing: no asset finding, no cause.
    expect(lcpOf('/cart')?.severity).toBe('critical');
    expect(lcpOf('/cart')?.causedBy).toEqual([]);
    expect(report.findings.filter((f) => f.target.page === '/cart').map((f) => f.check)).toEqual([
      'frontend.poor-web-vitals',
    ]);
    // Causes in their symptom's layer rank right above it (rank/inherit-scores.ts).
    const rank = (id: string | undefined) => report.findings.findIndex((f) => f.id === id);
    const lcp = lcpOf(PAGE)!;
    for (const cause of lcp.causedBy) {
      expect(rank(cause)).toBeLessThan(rank(lcp.id));
      expect(byId.get(cause)?.impact.score).toBeCloseTo(lcp.impact.score + 0.01, 5);
    }
    expect(report.checks).toEqual(expect.arrayContaining([overBudget.split('/')[0]]));
  }, 60_000);
});

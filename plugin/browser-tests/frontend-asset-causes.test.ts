/**
 * @jest-environment node
 */
import {
  FRONTEND_ASSETS_REPORT_TIMESTAMP,
  FRONTEND_PAGE_BUDGET_BYTES,
  FRONTEND_PAGE_BYTES,
  FRONTEND_RENDER_BLOCKING_ASSETS,
  FRONTEND_SAVINGS_BYTES,
  FRONTEND_UNCOMPRESSED_BYTES,
} from '@perflens/conventions';
import {
  backfillTsdb,
  healthyProfile,
  JOB,
  OpenMetricsWriter,
  type PrometheusInstance,
  startBackfilledPrometheus,
  writeServiceProfile,
} from '@perflens/test-harness';
import { buildHarnessBundle, HARNESS_BUILD_DIR } from '../harness/build-harness-bundle';
import { SCENARIO } from '../harness/harness-scenario';
import { type HarnessServer, startHarnessServer } from '../harness/harness-server';
import { provisionedAppSettings } from '../harness/provisioned-app-settings';
import { type HarnessBrowser, launchHarnessBrowser } from './harness-browser';
import { BottlenecksPage } from './page-objects/bottlenecks-page';
import { FindingPage } from './page-objects/finding-page';

/**
 * The app (dist/module.js, the engine inside it) against a real Prometheus holding a page's real-user web
 * vitals and the served-asset summary `perflens bundle --url … --publish` sent for it (the exporter's
 * perflens_frontend_* gauges): the findings list the page's poor LCP, and its page names the JavaScript over
 * budget, the uncompressed text and the render-blocking script as its causes.
 */
const PAGE = '/products/:id';
const EXPORTER = { job: 'perflens-exporter', instance: 'exporter:9464' };
const POOR_LCP_ID = `frontend.poor-web-vitals/device_class=mobile,page=${PAGE},vital=lcp`;
// The profile's 5 s LCP as histogram_quantile interpolates it within its bucket.
const POOR_LCP_TITLE = `${PAGE} (mobile): p75 LCP 4.75 s (poor; good ≤ 2.5 s)`;
const CAUSE_TITLES = [
  `${PAGE} downloads 89 KiB of JavaScript, over its budget of 20 KiB`,
  `${PAGE}: 1 script in <head> blocks the first render (89 KiB)`,
  `${PAGE} serves 90.8 KiB of text uncompressed; gzip saves 60 KiB`,
];

function scenario(): string {
  const window: [number, number] = [SCENARIO.startSeconds, SCENARIO.endSeconds];
  const writer = new OpenMetricsWriter(15);
  const profile = healthyProfile();
  profile.pages = [{ page: PAGE, device: 'mobile', viewsPerSecond: 2, lcp: 5, inp: 0.08, cls: 0.02, ttfb: 0.3 }];
  writeServiceProfile(writer, window, profile);
  const page = { ...EXPORTER, page: PAGE };
  writer.gauge(FRONTEND_PAGE_BYTES, { ...page, kind: 'script' }, window, 91_136);
  writer.gauge(FRONTEND_PAGE_BYTES, { ...page, kind: 'style' }, window, 0);
  writer.gauge(FRONTEND_PAGE_BUDGET_BYTES, { ...page, kind: 'script' }, window, 20_480);
  writer.gauge(FRONTEND_PAGE_BUDGET_BYTES, { ...page, kind: 'style' }, window, 51_200);
  writer.gauge(FRONTEND_UNCOMPRESSED_BYTES, page, window, 93_000);
  writer.gauge(FRONTEND_RENDER_BLOCKING_ASSETS, { ...page, kind: 'script' }, window, 1);
  writer.gauge(FRONTEND_RENDER_BLOCKING_ASSETS, { ...page, kind: 'style' }, window, 0);
  writer.gauge(FRONTEND_SAVINGS_BYTES, { ...page, fix: 'compression' }, window, 61_440);
  writer.gauge(FRONTEND_SAVINGS_BYTES, { ...page, fix: 'render-blocking' }, window, 91_136);
  writer.gauge(FRONTEND_SAVINGS_BYTES, { ...page, fix: 'images' }, window, 0);
  writer.gauge(FRONTEND_ASSETS_REPORT_TIMESTAMP, page, window, SCENARIO.startSeconds);
  return writer.render();
}

let prometheus: PrometheusInstance;
let removeBackfill: () => void;
let server: HarnessServer;
let browser: HarnessBrowser;

beforeAll(async () => {
  const backfill = backfillTsdb(scenario());
  removeBackfill = backfill.remove;
  [prometheus, , browser] = await Promise.all([
    startBackfilledPrometheus(backfill.blocksDir),
    buildHarnessBundle(),
    launchHarnessBrowser(),
  ]);
  server = await startHarnessServer({
    bundleDir: HARNESS_BUILD_DIR,
    prometheusUrl: prometheus.url,
    jsonData: { prometheusUid: 'prometheus', jobs: [JOB], sloObjectives: provisionedAppSettings().sloObjectives },
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await prometheus?.stop();
  removeBackfill?.();
}, 60_000);

describe('a poor real-user LCP caused by what the page serves, in the app', () => {
  it('is listed on the Bottlenecks page right below the served-asset findings that explain it', async () => {
    const bottlenecks = new BottlenecksPage(await browser.newPage(), server.url);
    await bottlenecks.goto();
    const titles = await bottlenecks.findingTitles().allInnerTexts();
    // Causes in their symptom's layer rank right above it, so the front-end layer starts with what to fix.
    expect([...titles.slice(0, 3)].sort()).toEqual([...CAUSE_TITLES].sort());
    expect(titles[3]).toBe(POOR_LCP_TITLE);
  }, 60_000);

  it("names the page's JavaScript over budget, uncompressed text and blocking script as its causes", async () => {
    const finding = new FindingPage(await browser.newPage(), server.url);
    await finding.goto(POOR_LCP_ID);
    expect(await finding.title().innerText()).toBe(POOR_LCP_TITLE);
    const causes = await finding.causeChain().getByRole('link').allInnerTexts();
    expect([...causes].sort()).toEqual([...CAUSE_TITLES].sort());
    await finding.screenshot('finding-frontend-assets');
    expect(browser.pageErrors).toEqual([]);
  }, 60_000);
});

/**
 * @jest-environment node
 */
import { SCENARIO_RANGE } from '../harness/harness-scenario';
import { type Harness, startHarness } from '../harness/start-harness';
import { type HarnessBrowser, launchHarnessBrowser } from './harness-browser';
import { rangeOfUrl } from './page-objects/app-page';
import { seriousAxeViolations } from './page-objects/axe';
import { BottlenecksPage } from './page-objects/bottlenecks-page';
import { ConfigurationPage } from './page-objects/configuration-page';
import { FindingPage } from './page-objects/finding-page';
import { LoadTestsPage } from './page-objects/load-tests-page';
import { OverviewPage } from './page-objects/overview-page';
import { RecommendationsPage } from './page-objects/recommendations-page';

/**
 * Every page of the built app (dist/module.js) in Chromium, against the harness: real @grafana/ui, data
 * and scenes, a real Prometheus holding the scenario (missing-index chain, saturated pool, two k6 runs).
 */
let harness: Harness;
let browser: HarnessBrowser;

beforeAll(async () => {
  [harness, browser] = await Promise.all([startHarness(), launchHarnessBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
}, 60_000);

const SLOW_ROUTE_TITLE = 'GET /api/products: 20% of requests slower than 250 ms (SLO allows 1%), p95 688 ms';
const POOL_TITLE = 'Pool default: 100% of 10 connections in use, 4 requests pending, 80 ms mean wait';
// The engine's ranking (analysis/src/rank) as of the shared-resource attribution: the statement that takes
// the database's time and the table it scans whole come first, then the route they slow down and its pool.
const RANKED_TITLES = [
  'shop.public.orders: 10 sequential scans/s of 200000 rows (index used for 75% of scans); read by statement 1001',
  'Statement 1001 takes 93% of database time (30 calls/s, mean 30 ms)',
  SLOW_ROUTE_TITLE,
  POOL_TITLE,
  'Statement 1001: mean 30 ms over 54000 calls, 20 rows per call',
];
const SLOW_ROUTE = 'api.route-slower-than-slo/http_request_method=GET,http_route=/api/products,job=demo-api';

type AnyPage = OverviewPage | BottlenecksPage | FindingPage | RecommendationsPage | LoadTestsPage | ConfigurationPage;

/** Accessible (axe) and fitting a 1280 px window without a horizontal scrollbar. */
async function expectAccessible(page: AnyPage) {
  expect(await seriousAxeViolations(page.page)).toEqual([]);
  expect(await page.horizontalOverflow()).toBeLessThanOrEqual(0);
}

describe('app pages in a browser', () => {
  it('Overview: health per layer, error budgets and the top findings', async () => {
    const overview = new OverviewPage(await browser.newPage(), harness.url);
    await overview.goto();
    expect(await overview.layerTiles().allInnerTexts()).toEqual([
      'Frontend\nHealthy',
      'API\ncritical 1 finding',
      'Node.js runtime\nHealthy',
      'Database client\nwarning 1 finding',
      'PostgreSQL\nwarning 3 findings',
      'Host\nHealthy',
    ]);
    expect(await overview.budgets().allInnerTexts()).toEqual(['availability\n82% left', 'latency\nspent (-35%)']);
    expect(await overview.topFindingTitles().allInnerTexts()).toEqual(RANKED_TITLES);
    await overview.screenshot('overview');
    await expectAccessible(overview);
  });

  it('Bottlenecks: ranked findings, filtered by severity, each opening its page', async () => {
    const bottlenecks = new BottlenecksPage(await browser.newPage(), harness.url);
    await bottlenecks.goto();
    expect(await bottlenecks.findingTitles().allInnerTexts()).toEqual(RANKED_TITLES);
    await bottlenecks.screenshot('bottlenecks');
    await expectAccessible(bottlenecks);
    await bottlenecks.showOnlyCritical();
    expect(await bottlenecks.findingTitles().allInnerTexts()).toEqual([SLOW_ROUTE_TITLE]);
    await bottlenecks.openFinding(SLOW_ROUTE_TITLE);
    await bottlenecks.page.getByTestId('perflens-finding-title').waitFor();
    expect(decodeURIComponent(new URL(bottlenecks.page.url()).pathname)).toBe(
      `/a/perflens-insights-app/bottlenecks/finding/${SLOW_ROUTE}`
    );
  });

  it('Finding: title, evidence charts from Prometheus, score explanation, cause chain and links', async () => {
    const finding = new FindingPage(await browser.newPage(), harness.url);
    await finding.goto(SLOW_ROUTE);
    expect(await finding.title().innerText()).toBe(SLOW_ROUTE_TITLE);
    // The charts draw as their queries answer: wait for the fourth, then check there are no more.
    await finding.chartCanvases().nth(3).waitFor();
    expect(await finding.chartCanvases().count()).toBe(4);
    // Every y axis says what it measures and in which unit; no chart reaches past its panel.
    expect(await finding.chartAxes()).toEqual([
      { label: 'share', unit: 'percentunit' },
      { label: 'score', unit: 'short' },
      { label: 'duration', unit: 's' },
      { label: 'requests/s', unit: 'reqps' },
    ]);
    expect(await finding.clippedCharts()).toBe(0);
    expect(await finding.page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(
      expect.arrayContaining(['Impact score 8.6', 'Cause chain', 'Recommendations', 'Links', 'Acknowledge'])
    );
    expect(await finding.scoreExplanation().innerText()).toContain(
      '8.6% of all demo-api requests were GET /api/products requests slower than 250 ms (route share 42.9% × slow share 20%).'
    );
    expect(await finding.causeChain().getByRole('link').allInnerTexts()).toEqual([POOL_TITLE]);
    expect(await finding.page.getByRole('link', { name: 'Dashboard' }).getAttribute('href')).toBe(
      '/d/perflens-api?var-job=demo-api&var-route=%2Fapi%2Fproducts' +
        '&from=2023-11-15T00:10:00.000Z&to=2023-11-15T00:40:00.000Z'
    );
    await finding.screenshot('finding');
    await expectAccessible(finding);
  });

  it('Recommendations: grouped by layer, with SQL ready to copy', async () => {
    const recommendations = new RecommendationsPage(await browser.newPage(), harness.url);
    await recommendations.goto();
    expect(await recommendations.layerHeadings().allInnerTexts()).toEqual(['API', 'Database client', 'PostgreSQL']);
    const sql = await recommendations.sqlBlocks().allInnerTexts();
    expect(sql[0]).toBe(
      [
        "-- the statement's WHERE clause names the column:",
        'SELECT query, calls, mean_exec_time, rows / NULLIF(calls, 0) AS rows_per_call',
        'FROM pg_stat_statements WHERE queryid = 1001;',
        '-- replace <column> with the filtered column; CONCURRENTLY does not block writes',
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_<column>_idx" ON public.orders ("<column>");',
      ].join('\n')
    );
    expect(sql.some((text) => text.includes('CREATE INDEX CONCURRENTLY'))).toBe(true);
    await recommendations.screenshot('recommendations');
    await expectAccessible(recommendations);
  });

  it('Load tests: picks a k6 run and a baseline; shows the regression and the capacity', async () => {
    const loadTests = new LoadTestsPage(await browser.newPage(), harness.url);
    await loadTests.goto();
    await loadTests.pick('Test run', 'nightly-candidate');
    await loadTests.pick('Baseline', 'nightly-baseline');
    await loadTests.summary().waitFor();
    await loadTests.analysed();
    expect(await loadTests.summary().innerText()).toContain('compared with nightly-baseline');
    expect(await loadTests.capacity().innerText()).toContain('peak rate of the run');
    await loadTests.screenshot('load-tests');
    await expectAccessible(loadTests);
  });

  it('Configuration: data sources, services, SLO overrides; the exporter token is write-only', async () => {
    const configuration = new ConfigurationPage(await browser.newPage(), harness.url);
    await configuration.goto();
    expect(await configuration.page.getByText('Prometheus', { exact: true }).count()).toBeGreaterThan(0);
    expect(await configuration.exporterToken().inputValue()).toBe('');
    await configuration.screenshot('configuration');
    await expectAccessible(configuration);
  });

  it('Load tests: says which runs are missing and how to make one when the range has none', async () => {
    const loadTests = new LoadTestsPage(await browser.newPage(), harness.url);
    await loadTests.goto('empty');
    await expect(loadTests.emptyState().innerText()).resolves.toBe(
      'No k6 runs with a testid in this range — run `npm run k6:smoke` (it remote-writes to Prometheus with a testid ' +
        'tag, see k6-scripts/README.md), or widen the time range.'
    );
    await loadTests.goto();
    await expect(loadTests.emptyState().innerText()).resolves.toContain('2 k6 runs in this range: pick one');
    await expectAccessible(loadTests);
  });

  it('Overview and Bottlenecks: a job without data says so instead of "Healthy" or "No bottlenecks"', async () => {
    const overview = new OverviewPage(await browser.newPage(), harness.url);
    await overview.goto('checkout-api');
    await expect(overview.noData().innerText()).resolves.toContain('No data for job checkout-api in this range');
    // A job without series has no databases or hosts either (they are found through its series), so no layer
    // is judged and the notice replaces the report: no tile may read "Healthy".
    await expect(overview.noData().innerText()).resolves.toContain('nor its databases and hosts');
    expect(await overview.layerTiles().count()).toBe(0);
    await overview.screenshot('overview-no-data');
    await expectAccessible(overview);
    const bottlenecks = new BottlenecksPage(await browser.newPage(), harness.url);
    await bottlenecks.goto('checkout-api');
    await expect(bottlenecks.noData().innerText()).resolves.toContain('No data for job checkout-api in this range');
    expect(await bottlenecks.page.getByText('No bottlenecks found in this time range.').count()).toBe(0);
  });

  it('keeps the time range (from/to) when moving between app pages through the menu', async () => {
    const overview = new OverviewPage(await browser.newPage(), harness.url);
    await overview.goto();
    expect(rangeOfUrl(overview.page.url())).toEqual(SCENARIO_RANGE);
    for (const name of ['Bottlenecks', 'Recommendations', 'Load tests', 'Overview', 'Bottlenecks'] as const) {
      await overview.navigateTo(name);
      expect({ name, ...rangeOfUrl(overview.page.url()) }).toEqual({ name, ...SCENARIO_RANGE });
    }
    // The page shows that range too, not only its URL.
    await overview.analysed();
    expect(await overview.page.getByText('2023-11-15 00:10:00 to 2023-11-15 00:40:00').count()).toBe(1);
  });

  it('raised no uncaught error in any page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});

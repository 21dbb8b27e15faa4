import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { startDemoService } from '@perflens/demo';
import {
  chromiumExecutable,
  HEADLESS_CHROMIUM_ARGS,
  useService,
  useSharedPostgres,
} from '@perflens/test-harness';
import { analysePage, loadBundleBudget, runBundle, servedChecks } from '../src';

// The demo's own front-end budget: 20 KiB of JavaScript, ten times what its bundle weighs today.
const DEMO_BUDGET = path.resolve(__dirname, '../../demo/src/web/frontend/bundle-budget.json');
const ADMIN_TOKEN = 'demo-admin-token-for-bundle-tests';

describe('perflens bundle --url on the demo shop', () => {
  const database = useSharedPostgres();
  const demo = useService('demo', () =>
    startDemoService({
      databaseUrl: database().connectionString,
      adminToken: ADMIN_TOKEN,
      scale: 0.02,
      poolMax: 2,
    }),
  );
  const setBloat = async (enabled: boolean) => {
    const response = await fetch(`${demo().url}/admin/bottlenecks/frontend-bloat`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled }),
    });
    expect(response.status).toBe(200);
  };
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...HEADLESS_CHROMIUM_ARGS],
    });
  }, 60_000);
  afterAll(() => browser?.close());

  /** The products the page's bundled front end lists in Chromium once it has fetched them. */
  const renderedProducts = async () => {
    const page = await (browser as Browser).newPage();
    try {
      await page.goto(`${demo().url}/`);
      // A string: this workspace's types have no DOM library.
      await page.waitForFunction("document.querySelectorAll('#products li').length === 20", undefined, {
        timeout: 30_000,
      });
      return await page.locator('#products li').first().textContent();
    } finally {
      await page.close();
    }
  };

  it.each([
    ['the deferred bundle', false],
    ['the blocking, bloated bundle', true],
  ])(
    'renders the products in Chromium with %s',
    async (_title, bloat) => {
      await setBloat(bloat);
      try {
        expect(await renderedProducts()).toMatch(/^Product \d+ \(\w+\): \d+\.\d\d$/);
      } finally {
        await setBloat(false);
      }
    },
    60_000,
  );

  const analyse = () =>
    analysePage(
      new URL(`${demo().url}/`),
      chromiumExecutable(),
      servedChecks(loadBundleBudget(DEMO_BUDGET), 'config'),
    );

  it('finds nothing with frontend-bloat off: a deferred, compressed, immutable bundle and revalidated HTML', async () => {
    await setBloat(false);
    const report = await analyse();
    expect(report.findings).toEqual([]);
    expect(report.scope.job).toBe(`page ${demo().url}/ (1 assets)`);
  }, 60_000);

  it('finds the oversized bundle, served uncompressed and blocking the first render, with frontend-bloat on', async () => {
    await setBloat(true);
    try {
      const report = await analyse();
      const ids = report.findings.map((f) => [f.id, f.severity]);
      const bloat = ids.find(([id]) => String(id).includes('uncompressed-assets'))?.[0] ?? '';
      const file = String(bloat).replace('frontend.uncompressed-assets/url=', '');
      expect(file).toMatch(/^\/assets\/uncompressed\/shop-app-bloat\.[A-Z0-9]{8}\.js$/);
      expect(ids.sort()).toEqual([
        ['frontend.page-javascript-over-budget/url=/', 'critical'],
        [`frontend.render-blocking-assets/url=${file}`, 'warning'],
        [`frontend.uncompressed-assets/url=${file}`, 'warning'],
      ]);
      const weight = report.findings.find((f) => f.check === 'frontend.page-javascript-over-budget');
      expect(weight?.evidence[0]).toMatchObject({
        threshold: 20_480,
        thresholdSource: 'config',
        unit: 'bytes',
      });
      expect(weight?.evidence[0]?.value).toBeGreaterThan(80_000);

      let output = '';
      const outcome = await runBundle(
        {
          url: `${demo().url}/`,
          budget: DEMO_BUDGET,
          format: 'junit',
          failOn: 'critical',
          chromium: chromiumExecutable(),
        },
        (text) => {
          output += text;
        },
      );
      expect(outcome).toEqual({ exitCode: 1, message: '1 finding at or above critical' });
      expect(output).toContain(
        'name="frontend.page-javascript-over-budget: Page downloads more JavaScript than its budget"',
      );
    } finally {
      await setBloat(false);
    }
  }, 90_000);
});

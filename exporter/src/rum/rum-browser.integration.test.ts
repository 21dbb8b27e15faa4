import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromiumExecutable, HEADLESS_CHROMIUM_ARGS } from '@perflens/test-harness';
import pino from 'pino';
import { chromium, type BrowserContext } from 'playwright-core';
import { startExporterServer, type RunningExporter } from '../standalone/exporter-server';
import type { ExporterConfig } from '../standalone/exporter-config';
import { exporterConfigSchema } from '../standalone/exporter-config-schema';

// sendBeacon carries the browser's own User-Agent (HeadlessChrome), whatever a page-level override says,
// so this synthetic visitor is, rightly, counted as device_class="bot".

/**
 * A shop page on its own origin that loads the snippet from the exporter, as a customer's site would.
 * The exporter's URL is read per request: the exporter starts after the shop, whose origin it allows.
 */
function startShop(exporterUrl: () => string): Promise<http.Server> {
  const page = (title: string) => `<!doctype html>
<html><head><title>${title}</title><script src="${exporterUrl()}/rum.js" defer></script></head>
<body>
  <h1>${title}</h1>
  <p style="font-size: 40px">A product description long enough to be the largest contentful paint.</p>
  <button id="buy" onclick="const t = performance.now(); while (performance.now() - t < 120) {}
    document.getElementById('status').textContent = 'added to cart';">Add to cart</button>
  <p id="status"></p>
  <a id="next" href="/checkout">Checkout</a>
</body></html>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(req.url === '/checkout' ? 'Checkout' : 'Product 42'));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the browser snippet in a real Chromium', () => {
  let exporter: RunningExporter;
  let shop: http.Server;
  let shopOrigin: string;
  let context: BrowserContext;
  let profileDir: string;

  beforeAll(async () => {
    shop = await startShop(() => exporter.url);
    shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    const config = exporterConfigSchema.parse({
      server: { host: '127.0.0.1', port: 0 },
      host: { enabled: false },
      rum: { allowedOrigins: [shopOrigin], pages: [{ pattern: '/products/:id' }, { pattern: '/checkout' }] },
    });
    exporter = await startExporterServer(
      { ...config, postgres: { ...config.postgres, dsns: [] } } as ExporterConfig,
      pino({ level: 'silent' }),
    );
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'perflens-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumExecutable(),
      headless: true,
      args: [...HEADLESS_CHROMIUM_ARGS],
    });
  });

  afterAll(async () => {
    await context?.close();
    await exporter?.close();
    await new Promise((resolve) => shop?.close(resolve));
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('sends LCP, INP, CLS, FCP, TTFB and the page load time when the visitor navigates away', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${shopOrigin}/products/42`, { waitUntil: 'load' });
    await page.waitForTimeout(300); // let the load event finish so loadEventEnd is set
    await page.click('#buy');
    await page.waitForSelector('#status:has-text("added to cart")');
    await page.click('#next');
    await page.waitForURL(`${shopOrigin}/checkout`);

    const expected = [
      'lcp_seconds',
      'inp_seconds',
      'cls',
      'fcp_seconds',
      'ttfb_seconds',
      'page_load_seconds',
    ].map((metric) => `perflens_web_vitals_${metric}_count{page="/products/:id",device_class="bot"} 1`);
    const deadline = Date.now() + 30_000;
    let lines: string[] = [];
    while (Date.now() < deadline) {
      lines = (await (await fetch(`${exporter.url}/metrics`)).text()).split('\n');
      if (expected.every((line) => lines.includes(line))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(expected.filter((line) => !lines.includes(line))).toEqual([]);
    // Each measurement exactly once: nothing rejected, nothing sent twice, whether it left in the
    // visibilitychange batch or the pagehide one.
    expect(lines.filter((l) => l.startsWith('perflens_rum_samples_total'))).toEqual([
      'perflens_rum_samples_total{outcome="accepted",reason="ok"} 6',
    ]);
    expect(pageErrors).toEqual([]);
    // The click does 120 ms of work (well above the 40 ms Event Timing threshold web-vitals observes), so INP is at least that.
    expect(lines).toContain(
      'perflens_web_vitals_inp_seconds_bucket{le="0.1",page="/products/:id",device_class="bot"} 0',
    );
  });
});

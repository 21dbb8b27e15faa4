import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadExporterConfig } from '../standalone/exporter-config';
import { type RunningExporter, startExporterServer } from '../standalone/exporter-server';

const TOKEN = 'frontend-assets-token-0123456789abcdef';
const ENDPOINT = '/api/v1/frontend-assets';

const summary = (page: string, scriptBytes = 90_000) => ({
  page,
  reportedAtSeconds: 1_765_000_000,
  script: { bytes: scriptBytes, budgetBytes: 20_480 },
  style: { bytes: 2_000, budgetBytes: 51_200 },
  uncompressedBytes: 91_000,
  renderBlocking: { scripts: 1, stylesheets: 0 },
  savingsBytes: { compression: 60_000, renderBlocking: 90_000, images: 0 },
});

/** The standalone exporter as users run it, from its config file, with the endpoint on and a cap of 2 pages. */
describe('POST /api/v1/frontend-assets on the standalone exporter', () => {
  let dir: string;
  let exporter: RunningExporter;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-frontend-assets-'));
    writeFileSync(path.join(dir, 'publish-token'), `${TOKEN}\n`);
    const file = path.join(dir, 'perflens.yaml');
    writeFileSync(
      file,
      [
        'server: { host: 127.0.0.1, port: 0 }',
        'host: { enabled: false }',
        'frontendAssets: { enabled: true, tokenFile: publish-token, maxPages: 2 }',
      ].join('\n'),
    );
    exporter = await startExporterServer(loadExporterConfig(file, {}), pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await exporter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const publish = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${exporter.url}${ENDPOINT}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    });
  const metrics = async () => (await fetch(`${exporter.url}/metrics`)).text();

  it('refuses a publisher without the token (401) and keeps nothing', async () => {
    const response = await publish(summary('/products/:id'), { authorization: 'Bearer not-the-token' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="perflens-frontend-assets"');
    expect(await metrics()).not.toMatch(/^perflens_frontend_page_bytes\{/m);
  });

  it.each([
    [{ ...summary('/products/:id'), script: { bytes: 'big', budgetBytes: 1 } }, /^script\.bytes: /],
    [{ ...summary('/products/:id'), page: 'products' }, /^page: expected a path template/],
    ['{"page": ', /^request body: malformed JSON$/],
  ])('answers 400 naming what is wrong (%#)', async (body, message) => {
    const response = await publish(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });

  it('answers 415 to a body that is not JSON', async () => {
    expect((await publish('page=/x', { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('exposes the latest summary per page as gauges, at most maxPages pages, the oldest dropped', async () => {
    const first = await publish(summary('/products/:id'));
    expect([first.status, await first.json()]).toEqual([202, { page: '/products/:id', pages: 1 }]);
    const text = await metrics();
    for (const line of [
      'perflens_frontend_page_bytes{page="/products/:id",kind="script"} 90000',
      'perflens_frontend_page_budget_bytes{page="/products/:id",kind="script"} 20480',
      'perflens_frontend_page_bytes{page="/products/:id",kind="style"} 2000',
      'perflens_frontend_uncompressed_bytes{page="/products/:id"} 91000',
      'perflens_frontend_render_blocking_assets{page="/products/:id",kind="script"} 1',
      'perflens_frontend_savings_bytes{page="/products/:id",fix="compression"} 60000',
      'perflens_frontend_assets_report_timestamp_seconds{page="/products/:id"} 1765000000',
    ])
      expect(text.split('\n')).toContain(line);

    await publish(summary('/cart'));
    await publish(summary('/products/:id', 120_000)); // republished: now the newest
    const third = await publish(summary('/'));
    expect(await third.json()).toEqual({ page: '/', pages: 2, dropped: '/cart' });
    const pages = [
      ...(await metrics()).matchAll(/^perflens_frontend_page_bytes\{page="([^"]*)",kind="script"\} (\d+)$/gm),
    ];
    expect(pages.map((m) => [m[1], m[2]])).toEqual([
      ['/products/:id', '120000'],
      ['/', '90000'],
    ]);
  });
});

describe('frontendAssets in the exporter config', () => {
  it.each([
    [
      'frontendAssets: { enabled: true }',
      'frontendAssets: expected tokenFile when frontendAssets is enabled',
    ],
    [
      'frontendAssets: { enabled: true, tokenFile: short }',
      'frontendAssets.tokenFile: the token in DIR/short has 5 characters; expected at least 32',
    ],
    ['frontendAssets: { maxPages: 0 }', 'frontendAssets.maxPages: '],
  ])('names the field when it is wrong: %s', (yaml, message) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'perflens-frontend-assets-'));
    try {
      writeFileSync(path.join(dir, 'short'), 'short\n');
      const file = path.join(dir, 'perflens.yaml');
      writeFileSync(file, `${yaml}\n`);
      expect(() => loadExporterConfig(file, {})).toThrow(`${file}: ${message.replace('DIR', dir)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { chromiumExecutable } from '@perflens/test-harness';
import { analysePage, runBundle } from '../src';
import { startServedSite, type ServedSite } from './served-site';

let site: ServedSite;
beforeAll(async () => {
  site = await startServedSite();
});
afterAll(() => site.close());

describe('perflens bundle --url through Chromium', () => {
  it('finds every served-asset problem of the badly served page', async () => {
    const report = await analysePage(new URL(`${site.url}/bad/`), chromiumExecutable());
    expect(report.findings.map((f) => [f.id, f.severity]).sort()).toEqual([
      ['frontend.cache-policy/url=/bad/', 'warning'],
      ['frontend.cache-policy/url=/bad/app.3f9a1c2e.js', 'warning'],
      ['frontend.image-size-and-format/problem=format,url=/bad/photo.png', 'info'],
      ['frontend.image-size-and-format/problem=oversized,url=/bad/photo.png', 'warning'],
      ['frontend.render-blocking-assets/url=/bad/app.3f9a1c2e.js', 'warning'],
      ['frontend.render-blocking-assets/url=/bad/style.css', 'info'],
      ['frontend.uncompressed-assets/url=/bad/', 'warning'],
      ['frontend.uncompressed-assets/url=/bad/app.3f9a1c2e.js', 'warning'],
      ['frontend.uncompressed-assets/url=/bad/style.css', 'warning'],
    ]);
  }, 60_000);

  it('measures the oversized image in the browser: 100×100 of 600×600 pixels drawn', async () => {
    const report = await analysePage(new URL(`${site.url}/bad/`), chromiumExecutable());
    const image = report.findings.find(
      (f) => f.id === 'frontend.image-size-and-format/problem=oversized,url=/bad/photo.png',
    );
    const bytes = image?.evidence[1]?.value ?? 0;
    expect(image?.evidence[0]?.value).toBe(0.028); // 10 000 / 360 000 pixels
    expect(image?.title).toMatch(/^Image \/bad\/photo\.png is 600×600 but drawn at 100×100: /);
    expect(image?.recommendations[0]?.expectedEffect).toContain(
      `(${Math.round(bytes * (1 - 10_000 / 360_000))} bytes)`,
    );
  }, 60_000);

  it('finds nothing on the same page served well', async () => {
    const report = await analysePage(new URL(`${site.url}/good/`), chromiumExecutable());
    expect(report.findings).toEqual([]);
    expect(report.checks).toEqual([
      'frontend.page-javascript-over-budget',
      'frontend.uncompressed-assets',
      'frontend.cache-policy',
      'frontend.render-blocking-assets',
      'frontend.image-size-and-format',
    ]);
  }, 60_000);

  it('gates CI on the served page and exits 2 when the page cannot be fetched', async () => {
    let output = '';
    const write = (text: string) => {
      output += text;
    };
    const chromium = chromiumExecutable();
    const bad = await runBundle(
      { url: `${site.url}/bad/`, format: 'markdown', failOn: 'warning', chromium },
      write,
    );
    expect(bad).toEqual({ exitCode: 1, message: '7 findings at or above warning' });
    expect(output).toContain('## Perflens bundle analysis');
    expect(
      await runBundle({ url: `${site.url}/missing/`, format: 'table', failOn: 'warning', chromium }, write),
    ).toEqual({
      exitCode: 2,
      message: `${site.url}/missing/ answered HTTP 404`,
    });
  }, 60_000);
});

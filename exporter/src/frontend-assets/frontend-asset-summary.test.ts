import { FrontendAssetStore } from './frontend-asset-store';
import { type FrontendAssetSummary, parseSummary } from './frontend-asset-summary';

const summaryFor = (page: string, scriptBytes = 90_000): FrontendAssetSummary => ({
  page,
  reportedAtSeconds: 1_765_000_000,
  script: { bytes: scriptBytes, budgetBytes: 20_480 },
  style: { bytes: 2_000, budgetBytes: 51_200 },
  uncompressedBytes: 91_000,
  renderBlocking: { scripts: 1, stylesheets: 0 },
  savingsBytes: { compression: 60_000, renderBlocking: 90_000, images: 0 },
});

describe('a published page summary', () => {
  it('is taken as sent when every field is valid', () => {
    expect(parseSummary(summaryFor('/products/:id'), [])).toEqual(summaryFor('/products/:id'));
  });

  it.each([
    ['a negative byte count', { script: { bytes: -1, budgetBytes: 1 } }, /^script\.bytes: /],
    ['a missing group', { style: undefined }, /^style: /],
    ['an unknown field', { scriptBytes: 5 }, /^\(body\): .*scriptBytes/],
    [
      'a fractional count',
      { renderBlocking: { scripts: 1.5, stylesheets: 0 } },
      /^renderBlocking\.scripts: /,
    ],
    ['a page that is no path template', { page: 'products' }, /^page: expected a path template/],
    ['a page with an empty segment', { page: '/a//b' }, /^page: expected a path template/],
  ])('is refused for %s, naming the field', (_what, change, message) => {
    expect(() => parseSummary({ ...summaryFor('/products/:id'), ...change }, [])).toThrow(message);
  });

  it('must carry a configured RUM page label when rum.pages lists pages', () => {
    const pages = [{ pattern: '/products/:id' }, { pattern: '/cart', name: 'cart' }];
    expect(parseSummary(summaryFor('cart'), pages).page).toBe('cart');
    expect(() => parseSummary(summaryFor('/checkout'), pages)).toThrow(
      'page: "/checkout" is not a page of rum.pages ("/products/:id", "cart"); use the label its web vitals carry',
    );
  });
});

describe('the summary store', () => {
  it('keeps the latest per page and drops the page published longest ago past the cap', () => {
    const store = new FrontendAssetStore(2);
    expect(store.put(summaryFor('/a', 1))).toBeUndefined();
    expect(store.put(summaryFor('/b', 1))).toBeUndefined();
    expect(store.put(summaryFor('/a', 2))).toBeUndefined(); // /a moves to the newest end
    expect(store.put(summaryFor('/c', 1))).toBe('/b');
    expect(store.summaries().map((s) => [s.page, s.script.bytes])).toEqual([
      ['/a', 2],
      ['/c', 1],
    ]);
  });
});

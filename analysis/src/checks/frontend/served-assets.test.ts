import { thresholds } from '../../../test/fixtures/in-memory-evidence';
import { attributeCauses } from '../../rank/attribute-causes';
import type { FrontendEvidence } from '../../sources/frontend-evidence';
import type { PageAssets } from '../../sources/frontend-evidence-assets';
import { findPoorWebVitals } from './poor-web-vitals';
import {
  findPageJavascriptOverBudget,
  findRenderBlockingAssets,
  findUncompressedAssets,
} from './served-assets';

const QUERIES = {
  lcp: 'lcp',
  inp: 'inp',
  cls: 'cls',
  fcp: 'fcp',
  ttfb: 'ttfb',
  views: 'views',
  assetBytes: 'assetBytes',
  assetBudget: 'assetBudget',
  uncompressed: 'uncompressed',
  renderBlocking: 'renderBlocking',
  savings: 'savings',
};

/** The demo's frontend-bloat page as published: 89 KiB of blocking, uncompressed script against 20 KiB. */
const bloated = (page: string): PageAssets => ({
  page,
  bytes: { script: 91_136, style: 0 },
  budgetBytes: { script: 20_480, style: 51_200 },
  uncompressedBytes: 93_000,
  renderBlocking: { script: 1, style: 0 },
  savingsBytes: { compression: 61_440, 'render-blocking': 91_136, images: 0 },
});
const lean = (page: string): PageAssets => ({
  page,
  bytes: { script: 8_000, style: 1_000 },
  budgetBytes: { script: 20_480, style: 51_200 },
  uncompressedBytes: 0,
  renderBlocking: { script: 0, style: 1 },
  savingsBytes: { compression: 0, 'render-blocking': 1_000, images: 0 },
});

const evidence = (assets: PageAssets[], lcpByPage: Record<string, number> = {}): FrontendEvidence => ({
  totalViewsPerSecond: Object.keys(lcpByPage).length,
  pages: Object.entries(lcpByPage).map(([page, lcp]) => ({
    page,
    deviceClass: 'mobile',
    viewsPerSecond: 1,
    p75: { lcp },
  })),
  assets,
  queries: QUERIES,
});

const judged = (e: FrontendEvidence) =>
  [...findPageJavascriptOverBudget(e), ...findUncompressedAssets(e), ...findRenderBlockingAssets(e)].map(
    (f) => [f.id, f.severity, f.ownImpact.score, f.title],
  );

describe('served-asset checks on published page summaries', () => {
  it('judge a page over its budget, uncompressed and render-blocking, scored by the bytes each fix saves', () => {
    expect(judged(evidence([bloated('/products/:id')]))).toEqual([
      [
        'frontend.page-javascript-over-budget/page=/products/:id',
        'critical',
        34.5, // 70 656 bytes over / 2048
        '/products/:id downloads 89 KiB of JavaScript, over its budget of 20 KiB',
      ],
      [
        'frontend.uncompressed-assets/page=/products/:id',
        'warning',
        30,
        '/products/:id serves 90.8 KiB of text uncompressed; gzip saves 60 KiB',
      ],
      [
        'frontend.render-blocking-assets/page=/products/:id',
        'warning',
        44.5,
        '/products/:id: 1 script in <head> blocks the first render (89 KiB)',
      ],
    ]);
  });

  it('rate a page whose only blocking asset is a stylesheet as info, and a lean page nothing else', () => {
    expect(judged(evidence([lean('/')]))).toEqual([
      [
        'frontend.render-blocking-assets/page=/',
        'info',
        0.49,
        '/: 1 stylesheet in <head> blocks the first render (1000 B)',
      ],
    ]);
  });

  it('find nothing when nothing was published', () => {
    expect(judged(evidence([]))).toEqual([]);
  });
});

describe('a poor LCP linked to its own page’s served assets', () => {
  it('is caused by the page’s findings of warning or worse, never by another page’s', () => {
    const e = evidence([bloated('/products/:id'), bloated('/cart'), lean('/')], {
      '/products/:id': 5,
      '/': 5,
    });
    const findings = [
      ...findPoorWebVitals(e, thresholds()),
      ...findPageJavascriptOverBudget(e),
      ...findUncompressedAssets(e),
      ...findRenderBlockingAssets(e),
    ];
    const linked = attributeCauses(findings, { rangeSeconds: 1800, frontend: e });
    const causesOf = (page: string) =>
      linked.find((f) => f.check === 'frontend.poor-web-vitals' && f.target.page === page)?.causedBy;
    expect(causesOf('/products/:id')).toEqual([
      'frontend.page-javascript-over-budget/page=/products/:id',
      'frontend.render-blocking-assets/page=/products/:id',
      'frontend.uncompressed-assets/page=/products/:id',
    ]);
    // The lean page's blocking stylesheet is info: it does not explain a 5 s LCP.
    expect(causesOf('/')).toEqual([]);
  });
});

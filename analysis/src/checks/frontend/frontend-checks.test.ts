import { thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { FrontendEvidence, PageStats } from '../../sources/frontend-evidence';
import { findPoorWebVitals } from './poor-web-vitals';
import { findSlowTtfb } from './slow-ttfb';

const evidence = (pages: PageStats[]): FrontendEvidence => ({
  totalViewsPerSecond: pages.reduce((sum, p) => sum + p.viewsPerSecond, 0),
  pages,
  assets: [],
  queries: {
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
  },
});
const page = (p75: PageStats['p75']): PageStats => ({
  page: '/products',
  deviceClass: 'mobile',
  viewsPerSecond: 2,
  p75,
});

describe('frontend.poor-web-vitals', () => {
  it.each([
    [
      'LCP of 5 s is poor (critical; good ≤ 2.5 s, poor > 4 s)',
      { lcp: 5 },
      [['critical', '/products (mobile): p75 LCP 5 s (poor; good ≤ 2.5 s)']],
    ],
    [
      'INP of 300 ms needs improvement (warning)',
      { inp: 0.3 },
      [['warning', '/products (mobile): p75 INP 300 ms (needs improvement; good ≤ 200 ms)']],
    ],
    [
      'CLS of 0.3 is poor',
      { cls: 0.3 },
      [['critical', '/products (mobile): p75 CLS 0.3 (poor; good ≤ 0.1)']],
    ],
    ['good vitals have no finding', { lcp: 1.8, inp: 0.1, cls: 0.05 }, []],
  ])('%s', (_title, p75, expected) => {
    expect(findPoorWebVitals(evidence([page(p75)]), thresholds()).map((f) => [f.severity, f.title])).toEqual(
      expected,
    );
  });
});

describe('frontend.slow-ttfb', () => {
  it.each([
    [
      'TTFB of 2 s is poor',
      { ttfb: 2 },
      [['critical', '/products (mobile): p75 TTFB 2 s (poor; good ≤ 800 ms)']],
    ],
    ['TTFB of 300 ms is good', { ttfb: 0.3 }, []],
  ])('%s', (_title, p75, expected) => {
    expect(findSlowTtfb(evidence([page(p75)]), thresholds()).map((f) => [f.severity, f.title])).toEqual(
      expected,
    );
  });
});

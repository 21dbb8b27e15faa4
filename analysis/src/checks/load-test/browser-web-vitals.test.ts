import { readFileSync } from 'node:fs';
import path from 'node:path';
import { thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { LoadTestEvidence } from '../../sources/load-test-evidence';
import { type LoadTestPageVitals, pageVitalsFrom } from '../../sources/load-test-web-vitals';
import { DEFAULT_THRESHOLDS } from '../../thresholds/default-thresholds';
import { BROWSER_VITAL_BANDS, findBrowserWebVitals } from './browser-web-vitals';

const evidence = (pages: LoadTestPageVitals[]): LoadTestEvidence => ({
  testid: 'fe-1',
  requests: [],
  pages,
  runRange: '2m',
  percentileStats: ['p95'],
  capacityThresholdSeconds: 0.25,
  searchedSeconds: 86_400,
  queries: { lcpP75: 'lcpP75', clsP75: 'clsP75' },
});
const allGood = { good: 1, needs_improvement: 0, poor: 0 };

describe('load-test.browser-web-vitals', () => {
  it('reports a page whose vitals are all good as information, with each p75', () => {
    const findings = findBrowserWebVitals(
      evidence([
        {
          page: '/',
          loadShare: 1,
          vitals: { lcp: { ratingShares: allGood, p75: 0.186 }, cls: { ratingShares: allGood, p75: 0 } },
        },
      ]),
      thresholds(),
    );
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['info', 'k6 fe-1: page / p75 LCP 186 ms, p75 CLS 0 (all good)'],
    ]);
    expect(findings[0]?.evidence[0]).toMatchObject({ query: 'lcpP75', threshold: 2.5, unit: 'seconds' });
  });

  it('a p75 above the good value is critical (the k6 thresholds fail the run on it), weighted by page loads', () => {
    const [finding] = findBrowserWebVitals(
      evidence([
        {
          page: '/checkout',
          loadShare: 0.25,
          vitals: {
            lcp: { ratingShares: { good: 0, needs_improvement: 0, poor: 1 }, p75: 4.5 },
            cls: { ratingShares: allGood, p75: 0.01 },
          },
        },
      ]),
      thresholds(),
    );
    expect(finding).toMatchObject({
      severity: 'critical',
      title: 'k6 fe-1: page /checkout p75 LCP 4.5 s (poor)',
      ownImpact: { score: 25 },
    });
  });

  it('loads in several ratings are judged on the share rated good: under 75% fails', () => {
    const [finding] = findBrowserWebVitals(
      evidence([
        {
          page: '/',
          loadShare: 1,
          vitals: { fcp: { ratingShares: { good: 2 / 3, needs_improvement: 1 / 3, poor: 0 } } },
        },
      ]),
      thresholds(),
    );
    expect(finding?.title).toBe('k6 fe-1: page / FCP good in 66.7% of loads (needs improvement)');
    expect(finding?.evidence[0]).toMatchObject({ unit: 'ratio', threshold: 0.75 });
    expect(finding?.evidence[0]?.query).toContain('rating="good"');
  });
});

describe('pageVitalsFrom', () => {
  it('takes shares within a vital (k6 0.47 remote-writes a time trend’s count divided by 1000)', () => {
    const series = (page: string, rating: string, value: number) => ({ labels: { page, rating }, value });
    const pages = pageVitalsFrom({
      lcpCount: [series('/', 'good', 0.003), series('/a', 'good', 0.002), series('/a', 'poor', 0.001)],
      lcpP75: [series('/', 'good', 0.2), series('/a', 'good', 0.3), series('/a', 'poor', 5)],
    });
    expect(pages).toEqual([
      { page: '/', loadShare: 0.5, vitals: { lcp: { ratingShares: allGood, p75: 0.2 } } },
      {
        page: '/a',
        loadShare: 0.5,
        vitals: { lcp: { ratingShares: { good: 2 / 3, needs_improvement: 0, poor: 1 / 3 } } },
      },
    ]);
  });
});

describe('the limits', () => {
  it('are the k6 frontend test’s thresholds (k6-scripts/src/frontend/web-vitals.ts), in ms there', () => {
    const source = readFileSync(
      path.resolve(__dirname, '../../../../k6-scripts/src/frontend/web-vitals.ts'),
      'utf8',
    );
    for (const [vital, [goodKey]] of Object.entries(BROWSER_VITAL_BANDS)) {
      const limit = new RegExp(`browser_web_vital_${vital}: \\['p\\(75\\)<=([0-9.]+)'\\]`).exec(source)?.[1];
      const good = DEFAULT_THRESHOLDS.frontend[goodKey];
      expect({ vital, limit: Number(limit) }).toEqual({ vital, limit: vital === 'cls' ? good : good * 1000 });
    }
  });
});

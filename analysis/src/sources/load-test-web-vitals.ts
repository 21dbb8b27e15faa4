import { selector } from '@perflens/conventions';
import type { PromSeries } from './prometheus-client';

/** The Core Web Vitals the k6 frontend test judges (k6-scripts/src/frontend/web-vitals.ts). */
export const BROWSER_VITALS = ['lcp', 'fcp', 'cls', 'ttfb'] as const;
export type BrowserVital = (typeof BROWSER_VITALS)[number];

/** The `rating` label k6's browser module puts on every web-vital sample (web.dev's bands). */
export type VitalRating = 'good' | 'needs_improvement' | 'poor';
const RATINGS: readonly VitalRating[] = ['good', 'needs_improvement', 'poor'];

/** One page's loads of one vital in the run. */
export interface PageVitalStats {
  /** Share of the page's loads per rating (the shares of the three ratings add up to 1). */
  ratingShares: Readonly<Record<VitalRating, number>>;
  /**
   * The page's p75 (seconds; CLS unitless), exact when all of its loads fell in one rating (one series) and
   * k6 remote-wrote p(75) (K6_PROMETHEUS_RW_TREND_STATS); absent otherwise: k6 keeps one trend per rating,
   * and percentiles of separate series do not combine.
   */
  p75?: number;
}

/** A page (the `page` tag: its path) of a k6 browser run and its web vitals. */
export interface LoadTestPageVitals {
  page: string;
  /** The page's share of all page loads of the run (by the loads that reported LCP, else any vital). */
  loadShare: number;
  vitals: Partial<Record<BrowserVital, PageVitalStats>>;
}

export type WebVitalQueryName = `${BrowserVital}Count` | `${BrowserVital}P75`;

/**
 * One query per metric whatever the number of pages: the loads per page and rating (the trend's `count`)
 * and the p75 per page and rating. k6 0.47 divides a time trend's count by 1000 as if it were milliseconds,
 * so only the ratios of counts within a vital are used, never the counts themselves.
 */
export function webVitalQueries(testid: string, runRange: string): Record<WebVitalQueryName, string> {
  const last = (how: 'sum' | 'max', metric: string) =>
    `${how} by (page, rating) (last_over_time(${selector(metric, { testid })}[${runRange}]))`;
  return Object.fromEntries(
    BROWSER_VITALS.flatMap((vital) => [
      [`${vital}Count`, last('sum', `k6_browser_web_vital_${vital}_count`)],
      [`${vital}P75`, last('max', `k6_browser_web_vital_${vital}_p75`)],
    ]),
  ) as Record<WebVitalQueryName, string>;
}

/** The query that returns one vital's share of good loads per page: the evidence a finding cites. */
export function goodShareQuery(testid: string, runRange: string, vital: BrowserVital): string {
  const count = (rating?: string) =>
    `sum by (page) (last_over_time(${selector(`k6_browser_web_vital_${vital}_count`, {
      testid,
      ...(rating ? { rating } : {}),
    })}[${runRange}]))`;
  return `${count('good')} / ${count()}`;
}

/** The pages of the run from the query results, sorted by path. */
export function pageVitalsFrom(
  vectors: Partial<Record<WebVitalQueryName, PromSeries[]>>,
): LoadTestPageVitals[] {
  const pages = new Map<string, LoadTestPageVitals['vitals']>();
  const loads = new Map<string, Partial<Record<BrowserVital, number>>>();
  for (const vital of BROWSER_VITALS) {
    const counts = new Map<string, Map<VitalRating, number>>();
    for (const series of vectors[`${vital}Count`] ?? []) {
      const page = series.labels.page;
      const rating = series.labels.rating as VitalRating;
      if (page === undefined || !RATINGS.includes(rating) || !(series.value > 0)) continue;
      const byRating = counts.get(page) ?? new Map<VitalRating, number>();
      byRating.set(rating, (byRating.get(rating) ?? 0) + series.value);
      counts.set(page, byRating);
    }
    for (const [page, byRating] of counts) {
      const total = [...byRating.values()].reduce((sum, n) => sum + n, 0);
      const ratingShares = Object.fromEntries(
        RATINGS.map((rating) => [rating, (byRating.get(rating) ?? 0) / total]),
      ) as Record<VitalRating, number>;
      const only = byRating.size === 1 ? [...byRating.keys()][0] : undefined;
      const p75 = only
        ? vectors[`${vital}P75`]?.find((s) => s.labels.page === page && s.labels.rating === only)?.value
        : undefined;
      const vitals = pages.get(page) ?? {};
      vitals[vital] = { ratingShares, ...(p75 !== undefined && Number.isFinite(p75) ? { p75 } : {}) };
      pages.set(page, vitals);
      loads.set(page, { ...loads.get(page), [vital]: total });
    }
  }
  // Shares of loads from one vital's counts across pages (the same scale for every page).
  const vitalForShares = BROWSER_VITALS.find((vital) =>
    [...loads.values()].some((l) => l[vital] !== undefined),
  );
  const totalLoads = [...loads.values()].reduce(
    (sum, l) => sum + (vitalForShares ? (l[vitalForShares] ?? 0) : 0),
    0,
  );
  return [...pages.keys()].sort().map((page) => ({
    page,
    loadShare:
      vitalForShares && totalLoads > 0
        ? (loads.get(page)?.[vitalForShares] ?? 0) / totalLoads
        : 1 / pages.size,
    vitals: pages.get(page) ?? {},
  }));
}

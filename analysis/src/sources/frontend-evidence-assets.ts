import {
  FRONTEND_PAGE_BUDGET_BYTES,
  FRONTEND_PAGE_BYTES,
  FRONTEND_RENDER_BLOCKING_ASSETS,
  FRONTEND_SAVINGS_BYTES,
  FRONTEND_UNCOMPRESSED_BYTES,
} from '@perflens/conventions';
import { type AnalysisScope, scopeRange } from './analysis-scope';
import type { PromSeries } from './prometheus-client';

/** Scripts and stylesheets, as the published gauges' `kind` label names them. */
export type AssetKind = 'script' | 'style';
/** What each fix saves, as the `fix` label names it. */
export type AssetFix = 'compression' | 'render-blocking' | 'images';

/**
 * One page's served assets as `perflens bundle --url … --publish` last reported them to the exporter
 * (exporter/src/frontend-assets/): a field is absent when its series is.
 */
export interface PageAssets {
  /** The page label, the same as the RUM web vitals' `page`. */
  page: string;
  bytes: Partial<Record<AssetKind, number>>;
  budgetBytes: Partial<Record<AssetKind, number>>;
  uncompressedBytes?: number;
  renderBlocking: Partial<Record<AssetKind, number>>;
  savingsBytes: Partial<Record<AssetFix, number>>;
}

export type FrontendAssetQueryName =
  'assetBytes' | 'assetBudget' | 'uncompressed' | 'renderBlocking' | 'savings';

/**
 * The gauges' latest value within the range per page: a summary published once stays on the exporter's
 * /metrics until the next, so the last value in the range is the page's current state. `max by` folds the
 * same page scraped from two exporters (or two replicas of one) into one.
 */
export function frontendAssetQueries(scope: AnalysisScope): Record<FrontendAssetQueryName, string> {
  const r = scopeRange(scope);
  const latest = (metric: string, by: string) => `max by (${by}) (last_over_time(${metric}[${r}]))`;
  return {
    assetBytes: latest(FRONTEND_PAGE_BYTES, 'page, kind'),
    assetBudget: latest(FRONTEND_PAGE_BUDGET_BYTES, 'page, kind'),
    uncompressed: latest(FRONTEND_UNCOMPRESSED_BYTES, 'page'),
    renderBlocking: latest(FRONTEND_RENDER_BLOCKING_ASSETS, 'page, kind'),
    savings: latest(FRONTEND_SAVINGS_BYTES, 'page, fix'),
  };
}

/** The pages of the vectors, sorted by label; none when nothing was published. */
export function pageAssetsOf(vectors: Readonly<Record<FrontendAssetQueryName, PromSeries[]>>): PageAssets[] {
  const pages = new Map<string, PageAssets>();
  const pageOf = (series: PromSeries): PageAssets | undefined => {
    const page = series.labels.page;
    if (page === undefined || !Number.isFinite(series.value)) return undefined;
    let assets = pages.get(page);
    if (!assets) {
      assets = { page, bytes: {}, budgetBytes: {}, renderBlocking: {}, savingsBytes: {} };
      pages.set(page, assets);
    }
    return assets;
  };
  const byLabel = <K extends string>(
    vector: readonly PromSeries[],
    label: string,
    values: readonly K[],
    field: (assets: PageAssets) => Partial<Record<K, number>>,
  ) => {
    for (const series of vector) {
      const key = series.labels[label] as K | undefined;
      const assets = pageOf(series);
      if (assets && key !== undefined && values.includes(key)) field(assets)[key] = series.value;
    }
  };
  const kinds = ['script', 'style'] as const;
  byLabel(vectors.assetBytes, 'kind', kinds, (a) => a.bytes);
  byLabel(vectors.assetBudget, 'kind', kinds, (a) => a.budgetBytes);
  byLabel(vectors.renderBlocking, 'kind', kinds, (a) => a.renderBlocking);
  byLabel(
    vectors.savings,
    'fix',
    ['compression', 'render-blocking', 'images'] as const,
    (a) => a.savingsBytes,
  );
  for (const series of vectors.uncompressed) {
    const assets = pageOf(series);
    if (assets) assets.uncompressedBytes = series.value;
  }
  return [...pages.values()].sort((a, b) => a.page.localeCompare(b.page));
}

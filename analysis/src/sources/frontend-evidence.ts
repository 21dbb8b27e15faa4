import { WEB_VITAL_METRICS } from '@perflens/conventions';
import { type AnalysisScope, scopedToRumExporters, scopeRange } from './analysis-scope';
import {
  type FrontendAssetQueryName,
  frontendAssetQueries,
  type PageAssets,
  pageAssetsOf,
} from './frontend-evidence-assets';
import type { PrometheusClient } from './prometheus-client';
import { indexBy, labelKey, optional, runQuerySet } from './query-batch';

/** The web vitals judged at the 75th percentile, as Google's Core Web Vitals assessment does. */
export const WEB_VITALS = {
  lcp: WEB_VITAL_METRICS.LCP,
  inp: WEB_VITAL_METRICS.INP,
  cls: WEB_VITAL_METRICS.CLS,
  fcp: WEB_VITAL_METRICS.FCP,
  ttfb: WEB_VITAL_METRICS.TTFB,
} as const;
export type WebVital = keyof typeof WEB_VITALS;

/** One page template on one device class. */
export interface PageStats {
  page: string;
  deviceClass: string;
  /** Page views per second (TTFB is reported once per navigation). */
  viewsPerSecond: number;
  p75: Partial<Record<WebVital, number>>;
}

export type FrontendQueryName = WebVital | 'views' | FrontendAssetQueryName;

export interface FrontendEvidence {
  totalViewsPerSecond: number;
  pages: PageStats[];
  /** What `perflens bundle --publish` reported of each page's served assets; empty when nothing was. */
  assets: PageAssets[];
  queries: Readonly<Record<FrontendQueryName, string>>;
}

const PAGE = ['page', 'device_class'];

/** The front-end layer's queries, on the RUM exporters of the scope (rum-exporter-scope.ts). */
export function frontendQueries(scope: AnalysisScope): Record<FrontendQueryName, string> {
  const r = scopeRange(scope);
  const p75 = (metric: string) =>
    `histogram_quantile(0.75, sum by (page, device_class, le) (rate(${metric}_bucket[${r}])))`;
  return scopedToRumExporters(scope, {
    lcp: p75(WEB_VITALS.lcp),
    inp: p75(WEB_VITALS.inp),
    cls: p75(WEB_VITALS.cls),
    fcp: p75(WEB_VITALS.fcp),
    ttfb: p75(WEB_VITALS.ttfb),
    views: `sum by (page, device_class) (rate(${WEB_VITALS.ttfb}_count[${r}]))`,
    ...frontendAssetQueries(scope),
  });
}

export async function readFrontendEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
): Promise<FrontendEvidence> {
  const { vectors, queries } = await runQuerySet(client, frontendQueries(scope), scope.endSeconds);
  const vitals = (Object.keys(WEB_VITALS) as WebVital[]).map(
    (vital) => [vital, indexBy(vectors[vital], PAGE)] as const,
  );
  const pages = new Map<string, PageStats>();
  let total = 0;
  for (const s of vectors.views) {
    if (!Number.isFinite(s.value)) continue;
    total += s.value;
    pages.set(labelKey(s.labels, PAGE), {
      page: s.labels.page ?? '',
      deviceClass: s.labels.device_class ?? '',
      viewsPerSecond: s.value,
      p75: {},
    });
  }
  for (const [key, stats] of pages) {
    for (const [vital, index] of vitals) Object.assign(stats.p75, optional(vital, index.get(key)));
  }
  return {
    totalViewsPerSecond: total,
    pages: [...pages.values()].sort(
      (a, b) => b.viewsPerSecond - a.viewsPerSecond || a.page.localeCompare(b.page),
    ),
    assets: pageAssetsOf(vectors),
    queries,
  };
}

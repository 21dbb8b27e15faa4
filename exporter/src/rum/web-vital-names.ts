import { WEB_VITAL_METRICS } from '@perflens/conventions';

/**
 * The measurements a beacon may carry: web-vitals' metric names (web-vitals 6: onLCP, onINP, onCLS,
 * onFCP, onTTFB; FID was removed) plus PageLoad, the navigation's loadEventEnd. Times arrive in
 * milliseconds, as web-vitals reports them; CLS is unitless.
 */
export const WEB_VITAL_NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB', 'PageLoad'] as const;
export type WebVitalName = (typeof WEB_VITAL_NAMES)[number];

export interface WebVitalSpec {
  metricName: string;
  help: string;
  /** Milliseconds → seconds for times, 1 for CLS. */
  scale: number;
  /**
   * Largest value accepted, in the beacon's unit; larger values are treated as forged or broken and
   * counted as rejected samples (reason out_of_range). Times: 120,000 ms, the limit docs/exporter.md states.
   */
  maxValue: number;
  /**
   * Histogram buckets in the exported unit. Each includes web-vitals' "good" and "poor" thresholds
   * (web-vitals 6 dist/modules/on*.js: LCP 2500/4000 ms, INP 200/500 ms, CLS 0.1/0.25, FCP 1800/3000 ms,
   * TTFB 800/1800 ms). web-vitals rates a value good when ≤ the first threshold and Prometheus buckets
   * are ≤ too, so bucket{le="2.5"} / count is exactly the share of good LCPs.
   */
  buckets: number[];
}

export const WEB_VITAL_SPECS: Record<WebVitalName, WebVitalSpec> = {
  LCP: {
    metricName: WEB_VITAL_METRICS.LCP,
    help: 'Largest Contentful Paint of real page views, in seconds (good ≤ 2.5, poor > 4).',
    scale: 1 / 1000,
    maxValue: 120_000,
    buckets: [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20, 30, 60],
  },
  INP: {
    metricName: WEB_VITAL_METRICS.INP,
    help: 'Interaction to Next Paint of real page views, in seconds (good ≤ 0.2, poor > 0.5).',
    scale: 1 / 1000,
    maxValue: 120_000,
    buckets: [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2, 5, 10],
  },
  CLS: {
    metricName: WEB_VITAL_METRICS.CLS,
    help: 'Cumulative Layout Shift of real page views, unitless (good ≤ 0.1, poor > 0.25).',
    scale: 1,
    maxValue: 100,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2, 5],
  },
  FCP: {
    metricName: WEB_VITAL_METRICS.FCP,
    help: 'First Contentful Paint of real page views, in seconds (good ≤ 1.8, poor > 3).',
    scale: 1 / 1000,
    maxValue: 120_000,
    buckets: [0.5, 1, 1.5, 1.8, 2.5, 3, 4, 5, 7.5, 10, 20, 60],
  },
  TTFB: {
    metricName: WEB_VITAL_METRICS.TTFB,
    help: 'Time to First Byte of real page views, in seconds (good ≤ 0.8, poor > 1.8).',
    scale: 1 / 1000,
    maxValue: 120_000,
    buckets: [0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.4, 1.8, 2.5, 4, 8, 20, 60],
  },
  PageLoad: {
    metricName: WEB_VITAL_METRICS.PageLoad,
    help: 'Page load time (navigation start to the end of the load event) of real page views, in seconds.',
    scale: 1 / 1000,
    // The same two minutes as every other time (docs/exporter.md); the last bucket is 120 s, so a longer
    // load would only ever land in +Inf.
    maxValue: 120_000,
    buckets: [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 20, 30, 60, 120],
  },
};

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent, formatSeconds } from '../../findings/format-values';
import { makeFinding } from '../../findings/make-finding';
import type { FrontendEvidence, WebVital } from '../../sources/frontend-evidence';
import type { Thresholds } from '../../thresholds/default-thresholds';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const poorWebVitalsCheck: CheckMetadata = {
  id: 'frontend.poor-web-vitals',
  layer: 'frontend',
  title: 'Poor Core Web Vitals (LCP, INP, CLS)',
  whyItMatters:
    'Real users of the page wait for its main content (LCP), for a response to their input (INP), or see the layout jump (CLS); Google judges a page by the 75th percentile of each.',
  scoring: 'Page share of page views × (1 when poor, 0.5 when it needs improvement) × 100.',
  thresholds:
    'Google’s Core Web Vitals boundaries at the 75th percentile (web.dev/articles/vitals): LCP 2.5 s / 4 s, INP 200 ms / 500 ms, CLS 0.1 / 0.25; above the first is a warning ("needs improvement"), above the second critical ("poor").',
  remedy:
    'LCP: serve the hero content sooner (TTFB, preload, smaller images). INP: break up long tasks. CLS: reserve space for images and embeds.',
};

type Bands = [good: keyof Thresholds['frontend'], poor: keyof Thresholds['frontend']];
export const VITAL_BANDS: Record<'lcp' | 'inp' | 'cls' | 'ttfb', Bands> = {
  lcp: ['lcpGoodSeconds', 'lcpPoorSeconds'],
  inp: ['inpGoodSeconds', 'inpPoorSeconds'],
  cls: ['clsGood', 'clsPoor'],
  ttfb: ['ttfbGoodSeconds', 'ttfbPoorSeconds'],
};

const ADVICE: Record<'lcp' | 'inp' | 'cls', string> = {
  lcp: 'Make the largest element arrive sooner: cut TTFB (see the backend findings), preload the hero image, serve it in a modern format and size, and avoid client-side rendering of above-the-fold content.',
  inp: 'Break up long tasks on the main thread (yield with scheduler.yield or setTimeout), defer third-party scripts, and keep event handlers light.',
  cls: 'Give images, ads and embeds explicit width and height (or aspect-ratio), and never insert content above what the user is reading.',
};

export function formatVital(vital: WebVital, value: number): string {
  return vital === 'cls' ? formatNumber(value) : formatSeconds(value);
}

/** Findings for one vital on every page above its "good" boundary. */
export function findVitalAbove(
  vital: 'lcp' | 'inp' | 'cls' | 'ttfb',
  check: CheckMetadata,
  evidence: FrontendEvidence,
  thresholds: ResolvedThresholds,
  advice: string,
): CheckedFinding[] {
  const [goodKey, poorKey] = VITAL_BANDS[vital];
  const good = thresholds.values.frontend[goodKey];
  const poor = thresholds.values.frontend[poorKey];
  const findings: CheckedFinding[] = [];
  for (const page of evidence.pages) {
    const p75 = page.p75[vital];
    if (p75 === undefined || p75 <= good) continue;
    // web-vitals rates a value poor when it is above the second boundary, good when at or under the first.
    const severity = p75 > poor ? 'critical' : 'warning';
    const share = evidence.totalViewsPerSecond > 0 ? page.viewsPerSecond / evidence.totalViewsPerSecond : 0;
    const label = vital.toUpperCase();
    findings.push(
      makeFinding(check, {
        target: { page: page.page, device_class: page.deviceClass, vital },
        severity,
        impact: {
          score: share * (severity === 'critical' ? 1 : 0.5) * 100,
          explanation: `${page.page} (${page.deviceClass}) gets ${formatPercent(share)} of page views and its p75 ${label} is ${severity === 'critical' ? 'poor' : 'in need of improvement'}.`,
        },
        title: `${page.page} (${page.deviceClass}): p75 ${label} ${formatVital(vital, p75)} (${severity === 'critical' ? 'poor' : 'needs improvement'}; good ≤ ${formatVital(vital, good)})`,
        evidence: [
          {
            label: `p75 ${label}`,
            query: evidence.queries[vital],
            value: p75,
            unit: vital === 'cls' ? 'score' : 'seconds',
            threshold: good,
            thresholdSource: thresholdSource(thresholds, `frontend.${goodKey}`),
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: advice,
            expectedEffect: `p75 ${label} at or under ${formatVital(vital, good)} rates the page "good".`,
            effort: 'medium',
          },
        ],
      }),
    );
  }
  return findings;
}

/** Pages whose p75 LCP, INP or CLS is above Google's "good" boundary. */
export function findPoorWebVitals(
  evidence: FrontendEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  return (['lcp', 'inp', 'cls'] as const).flatMap((vital) =>
    findVitalAbove(vital, poorWebVitalsCheck, evidence, thresholds, ADVICE[vital]),
  );
}

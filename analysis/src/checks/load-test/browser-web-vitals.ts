import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding, Evidence } from '../../findings/finding';
import { formatNumber, formatPercent, formatSeconds } from '../../findings/format-values';
import { makeFinding } from '../../findings/make-finding';
import type { LoadTestEvidence } from '../../sources/load-test-evidence';
import {
  BROWSER_VITALS,
  type BrowserVital,
  goodShareQuery,
  type LoadTestPageVitals,
  type PageVitalStats,
} from '../../sources/load-test-web-vitals';
import type { Thresholds } from '../../thresholds/default-thresholds';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const browserWebVitalsCheck: CheckMetadata = {
  id: 'load-test.browser-web-vitals',
  layer: 'load-test',
  title: 'Page web vitals of a k6 browser run',
  whyItMatters:
    'The k6 frontend test loads each page in Chromium: its LCP, FCP, CLS and TTFB are what a user of the release would see. The k6 thresholds fail the run (exit code 99) when a vital’s p75 is above web.dev’s "good" value; this check says which page is to blame.',
  scoring:
    'Page share of the run’s page loads × 100 when a vital is above its good value (critical); informational (score 0) when every vital is good.',
  thresholds:
    'web.dev’s "good" values at the 75th percentile, the k6 frontend test’s thresholds: frontend.lcpGoodSeconds (2.5 s), frontend.fcpGoodSeconds (1.8 s), frontend.clsGood (0.1), frontend.ttfbGoodSeconds (800 ms). The page’s p75 when all its loads fell in one rating (k6 keeps one trend per rating; needs p(75) in K6_PROMETHEUS_RW_TREND_STATS), else its share of loads k6’s browser rated good against 75%.',
  remedy:
    'LCP and FCP: cut TTFB (the API and database findings of the same run), preload the hero content, ship less render-blocking CSS and JavaScript. CLS: reserve space for images and embeds. TTFB: the backend findings.',
};

type Bands = [good: keyof Thresholds['frontend'], poor: keyof Thresholds['frontend']];
/** The one place the limits come from: the analysis' frontend thresholds, the k6 test's too (a test holds them equal). */
export const BROWSER_VITAL_BANDS: Record<BrowserVital, Bands> = {
  lcp: ['lcpGoodSeconds', 'lcpPoorSeconds'],
  fcp: ['fcpGoodSeconds', 'fcpPoorSeconds'],
  cls: ['clsGood', 'clsPoor'],
  ttfb: ['ttfbGoodSeconds', 'ttfbPoorSeconds'],
};

/** A fixed share: web.dev calls a p75 good when at least three loads in four are good. */
const GOOD_SHARE = 0.75;

type Verdict = 'good' | 'needs improvement' | 'poor';

interface JudgedVital {
  vital: BrowserVital;
  verdict: Verdict;
  /** What the title says: the p75, or the share of good loads. */
  text: string;
  evidence: Evidence;
}

const show = (vital: BrowserVital, value: number) =>
  vital === 'cls' ? formatNumber(value) : formatSeconds(value);

function judge(
  evidence: LoadTestEvidence,
  page: string,
  vital: BrowserVital,
  stats: PageVitalStats,
  thresholds: ResolvedThresholds,
): JudgedVital {
  const [goodKey, poorKey] = BROWSER_VITAL_BANDS[vital];
  const good = thresholds.values.frontend[goodKey];
  const poor = thresholds.values.frontend[poorKey];
  const label = vital.toUpperCase();
  const runRange = evidence.runRange ?? '1h';
  if (stats.p75 !== undefined) {
    const verdict: Verdict = stats.p75 <= good ? 'good' : stats.p75 > poor ? 'poor' : 'needs improvement';
    return {
      vital,
      verdict,
      text: `p75 ${label} ${show(vital, stats.p75)}`,
      evidence: {
        label: `p75 ${label} of ${page}`,
        query: evidence.queries[`${vital}P75`] ?? '',
        value: stats.p75,
        unit: vital === 'cls' ? 'score' : 'seconds',
        threshold: good,
        thresholdSource: thresholdSource(thresholds, `frontend.${goodKey}`),
      },
    };
  }
  // Loads in several ratings: the p75 is in the band where the cumulative share reaches 75%.
  const shares = stats.ratingShares;
  const verdict: Verdict =
    shares.good >= GOOD_SHARE
      ? 'good'
      : shares.good + shares.needs_improvement >= GOOD_SHARE
        ? 'needs improvement'
        : 'poor';
  return {
    vital,
    verdict,
    text: `${label} good in ${formatPercent(shares.good)} of loads`,
    evidence: {
      label: `share of ${page}'s loads with a good ${label} (k6's rating)`,
      query: goodShareQuery(evidence.testid, runRange, vital),
      value: shares.good,
      unit: 'ratio',
      threshold: GOOD_SHARE,
      thresholdSource: 'default',
    },
  };
}

function pageFinding(
  evidence: LoadTestEvidence,
  page: LoadTestPageVitals,
  thresholds: ResolvedThresholds,
): CheckedFinding | undefined {
  const judged = BROWSER_VITALS.flatMap((vital) => {
    const stats = page.vitals[vital];
    return stats ? [judge(evidence, page.page, vital, stats, thresholds)] : [];
  });
  if (judged.length === 0) return undefined;
  const failing = judged.filter((j) => j.verdict !== 'good');
  const target = { testid: evidence.testid, page: page.page };
  if (failing.length === 0) {
    return makeFinding(browserWebVitalsCheck, {
      target,
      severity: 'info',
      impact: { score: 0, explanation: 'Informational: every web vital of the page is good.' },
      title: `k6 ${evidence.testid}: page ${page.page} ${judged.map((j) => j.text).join(', ')} (all good)`,
      evidence: judged.map((j) => j.evidence),
      recommendations: [
        {
          kind: 'guidance',
          action: 'Nothing to fix; keep the frontend test in CI so a regression fails it.',
          expectedEffect: 'Web vitals stay good release after release.',
          effort: 'low',
        },
      ],
    });
  }
  return makeFinding(browserWebVitalsCheck, {
    target,
    severity: 'critical',
    impact: {
      score: page.loadShare * 100,
      explanation: `${page.page} was ${formatPercent(page.loadShare)} of the run’s page loads.`,
    },
    title: `k6 ${evidence.testid}: page ${page.page} ${failing.map((j) => `${j.text} (${j.verdict})`).join(', ')}`,
    evidence: [...failing, ...judged.filter((j) => j.verdict === 'good')].map((j) => j.evidence),
    recommendations: [
      {
        kind: 'guidance',
        action: `Fix ${failing.map((j) => j.vital.toUpperCase()).join(', ')} of ${page.page}: analyse the service over the run (perflens analyze --testid ${evidence.testid}) for TTFB, then the page’s own assets (perflens bundle); re-run the frontend test.`,
        expectedEffect: `Every web vital of ${page.page} good at p75, and the frontend test passing.`,
        effort: 'medium',
      },
    ],
  });
}

/** One finding per page a k6 browser run loaded: its web vitals against web.dev's good values. */
export function findBrowserWebVitals(
  evidence: LoadTestEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  return evidence.pages.flatMap((page) => pageFinding(evidence, page, thresholds) ?? []);
}

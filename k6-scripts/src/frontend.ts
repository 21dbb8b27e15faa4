// Frontend: page-level results from a real browser. Each iteration opens the demo's pages (FRONTEND_PAGES)
// in Chromium through k6's browser module, which measures the Core Web Vitals of every page load (LCP, FCP,
// CLS, TTFB, as browser_web_vital_*); thresholds hold them to web.dev's "good" values at p75. The results
// are remote-written like the other tests' (testid, test_type=frontend, page), so `perflens analyze --testid`
// and the load-test dashboard show them. Needs Chromium: K6_BROWSER_EXECUTABLE_PATH, and as root
// K6_BROWSER_ARGS=no-sandbox; K6_BROWSER_HEADLESS=true on machines without a display.
import { check } from 'k6';
import exec from 'k6/execution';
import { browser } from 'k6/experimental/browser';
import type { Options } from 'k6/options';
import { readEnvConfig } from './shared/env-config.ts';
import { BOUNDED_SYSTEM_TAGS } from './shared/system-tags.ts';
import { frontendPlan, WEB_VITAL_THRESHOLDS } from './frontend/web-vitals.ts';
import type { SummaryData } from './summary/summary-data.ts';
import { summaryFiles } from './summary/summary-files.ts';

const config = readEnvConfig('frontend', __ENV);
const plan = frontendPlan(__ENV);

/** Tag on every sample of a page load: the path, bounded by FRONTEND_PAGES (unlike the full URL). */
export const PAGE_TAG = 'page';

export const options: Options = {
  scenarios: {
    frontend: {
      executor: 'shared-iterations',
      vus: plan.vus,
      iterations: plan.iterations,
      maxDuration: '5m',
      options: { browser: { type: 'chromium' } },
    },
  },
  // Every page must load (checks), and its vitals must be good.
  thresholds: { ...WEB_VITAL_THRESHOLDS, checks: ['rate==1'] },
  tags: { testid: config.testId, test_type: config.testType },
  systemTags: [...BOUNDED_SYSTEM_TAGS],
  // p(75) is what the web-vital thresholds judge, so the reports show it.
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(75)', 'p(90)', 'p(95)', 'p(99)', 'count'],
};

export default async function frontend(): Promise<void> {
  for (const path of plan.pages) {
    // VU tags go on every sample the VU emits from now on, the browser's web vitals included.
    exec.vu.tags[PAGE_TAG] = path;
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${config.baseUrl}${path}`, { waitUntil: 'networkidle' });
      check(response, { [`page ${path} answers 200`]: (r) => r !== null && r.status() === 200 });
    } finally {
      // Closing the page makes the browser report LCP and CLS, which are final only when the page goes away.
      await page.close();
    }
  }
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryFiles(data, config);
}

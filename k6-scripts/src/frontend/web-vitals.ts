import type { Thresholds } from '../shared/slo-thresholds.ts';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Thresholds on the Core Web Vitals k6's browser module measures in Chromium (k6 docs, "Browser metrics":
 * browser_web_vital_<vital>, milliseconds except the unitless CLS). The SLO file has no web-vital SLOs, so
 * the limits are the "good" boundaries of web.dev ("Web Vitals"), judged at the 75th percentile as web.dev
 * does, and the same as `perflens analyze`'s frontend defaults (analysis default-thresholds.ts).
 */
export const WEB_VITAL_THRESHOLDS: Thresholds = {
  browser_web_vital_lcp: ['p(75)<=2500'],
  browser_web_vital_fcp: ['p(75)<=1800'],
  browser_web_vital_cls: ['p(75)<=0.1'],
  browser_web_vital_ttfb: ['p(75)<=800'],
};

/** The pages the test loads and how often. */
export interface FrontendPlan {
  /** Paths below BASE_URL, each loaded in a fresh page per iteration. */
  pages: string[];
  iterations: number;
  vus: number;
}

function wholeNumber(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}: "${text}" is not a whole number above 0`);
  return value;
}

/** FRONTEND_PAGES (comma-separated paths, default `/`), FRONTEND_ITERATIONS (5), FRONTEND_VUS (1). */
export function frontendPlan(env: Env): FrontendPlan {
  const pages = (env.FRONTEND_PAGES || '/')
    .split(',')
    .map((page) => page.trim())
    .filter((page) => page !== '');
  for (const page of pages) {
    if (!page.startsWith('/')) throw new Error(`FRONTEND_PAGES: "${page}" must be a path starting with /`);
  }
  return {
    pages,
    iterations: wholeNumber(env, 'FRONTEND_ITERATIONS', 5),
    vus: wholeNumber(env, 'FRONTEND_VUS', 1),
  };
}

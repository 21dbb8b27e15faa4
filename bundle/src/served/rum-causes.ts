import {
  analyze,
  type AnalysisReport,
  CHECK_CATALOGUE,
  type CheckMetadata,
  createHttpPrometheusClient,
  type Finding,
  atLeast,
  resolveThresholds,
} from '@perflens/analysis';
import { rankedReport } from '../report/bundle-report';

/** Where the page's real-user web vitals are: the Prometheus the exporter's /rum metrics go to. */
export interface RumSource {
  prometheus: string;
  /** The service's Prometheus job, whose thresholds the analysis engine resolves. */
  job: string;
  /** The page as the RUM snippet labels it (`data-page`, a route pattern such as `/products/:id`). */
  page: string;
  endSeconds: number;
  rangeSeconds: number;
}

const POOR_VITALS = 'frontend.poor-web-vitals';

// What delays the first paint and the largest one: the page's own assets, so the link goes through the page.
const RENDER_CAUSES = new Set([
  'frontend.page-javascript-over-budget',
  'frontend.uncompressed-assets',
  'frontend.render-blocking-assets',
  'frontend.image-size-and-format',
]);

/**
 * Adds the analysis engine's verdict on the page's real-user LCP and links it to the served-asset findings
 * that explain it: each poor or needs-improvement LCP of the page (per device class) gets the page's
 * warning-or-worse render findings in `causedBy`, the chain the issue asks for (poor LCP ← bundle over
 * budget, uncompressed, render-blocking, oversized images). The engine judges the vitals (web.dev's Core Web
 * Vitals boundaries, or the thresholds config); nothing here re-decides them.
 */
export async function linkPoorVitals(
  report: AnalysisReport,
  source: RumSource,
): Promise<{ report: AnalysisReport; extraChecks: CheckMetadata[] }> {
  const engine = await analyze({
    client: createHttpPrometheusClient({ url: source.prometheus, timeoutSeconds: 30, deadlineSeconds: 120 }),
    scope: { job: source.job, endSeconds: source.endSeconds, rangeSeconds: source.rangeSeconds },
    thresholds: resolveThresholds({ job: source.job }),
  });
  const causes = report.findings
    .filter((f) => RENDER_CAUSES.has(f.check) && atLeast(f.severity, 'warning'))
    .map((f) => f.id);
  const symptoms: Finding[] = engine.findings
    .filter((f) => f.check === POOR_VITALS && f.target.page === source.page && f.target.vital === 'lcp')
    .map((f) => ({ ...f, causedBy: [...new Set([...f.causedBy, ...causes])] }));
  const metadata = CHECK_CATALOGUE.filter((check) => check.id === POOR_VITALS);
  return {
    report: rankedReport(
      [...symptoms, ...report.findings],
      [POOR_VITALS, ...report.checks],
      `${report.scope.job}, real-user LCP of ${source.page} from ${source.prometheus}`,
      report.stats.wallSeconds,
      report.scope.endSeconds,
    ),
    extraChecks: metadata,
  };
}

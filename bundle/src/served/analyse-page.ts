import {
  type AnalysisReport,
  type CheckMetadata,
  PrometheusQueryError,
  PrometheusUnreachableError,
} from '@perflens/analysis';
import type { BundleFlags } from '../cli/bundle-options';
import { parsePageUrl, parsePublishFlags, parseRumFlags } from '../cli/bundle-options';
import { linkPoorVitals } from './rum-causes';
import { type BundleBudget, DEFAULT_BUNDLE_BUDGET, loadBundleBudget } from '../budget/bundle-budget';
import { BundleInputError } from '../readers/bundle-input-error';
import { pageJavascriptOverBudget } from './checks/page-javascript-over-budget';
import { bundleFinding } from '../report/bundle-finding';
import { rankedReport } from '../report/bundle-report';
import { cachePolicy } from './checks/cache-policy';
import { imageSizeAndFormat } from './checks/image-size-and-format';
import { renderBlockingAssets } from './checks/render-blocking-assets';
import { uncompressedAssets } from './checks/uncompressed-assets';
import { chromiumPath } from './chromium-pipe';
import { fetchRaw, type RawResponse } from './fetch-raw';
import { pageAssets } from './page-assets';
import { renderedImages } from './rendered-images';
import { type CheckedPage, pageSummary } from './publish/page-summary';
import { publishEndpoint, publishSummary, readPublishToken } from './publish/publish-summary';
import type { ServedCheck, ServedPage } from './served-page';

/** Every served-asset check, in the order docs/bundle.md lists them; the page budget comes from the budget file. */
export function servedChecks(
  budget: BundleBudget = DEFAULT_BUNDLE_BUDGET,
  budgetSource: 'config' | 'default' = 'default',
): ServedCheck[] {
  return [
    pageJavascriptOverBudget(budget, budgetSource),
    uncompressedAssets,
    cachePolicy,
    renderBlockingAssets,
    imageSizeAndFormat,
  ];
}

/** Fetches a page and its assets as a browser would, measures its images in Chromium, and runs the checks. */
export async function analysePage(
  pageUrl: URL,
  chromium: string,
  checks: readonly ServedCheck[] = servedChecks(),
): Promise<AnalysisReport> {
  return (await checkPage(pageUrl, chromium, checks)).report;
}

/** What analysePage does, also handing back what the browser got and each check's drafts (for --publish). */
async function checkPage(
  pageUrl: URL,
  chromium: string,
  checks: readonly ServedCheck[],
): Promise<{ report: AnalysisReport; served: ServedPage; checked: CheckedPage }> {
  const started = performance.now();
  const page = await fetchChecked(pageUrl);
  const assets = pageAssets(page.body.toString('utf8'), pageUrl);
  const responses = await Promise.all(
    assets.map(async (asset) => ({ asset, response: await fetchChecked(asset.url) })),
  );
  const images = assets.some((a) => a.kind === 'image') ? await renderedImages(pageUrl, chromium) : [];
  const served: ServedPage = { page, assets: responses, images };
  const checked = checks.map((check) => ({ check, drafts: check.run(served) }));
  const findings = checked.flatMap(({ check, drafts }) =>
    drafts.map((draft) => bundleFinding(check.metadata, draft)),
  );
  const report = rankedReport(
    findings,
    checks.map((c) => c.metadata.id),
    `page ${pageUrl.href} (${assets.length} assets)`,
    (performance.now() - started) / 1000,
    Date.now() / 1000,
  );
  return { report, served, checked };
}

/** `perflens bundle --url`: the report and the checks it ran. */
export async function analysePageFromFlags(
  flags: BundleFlags,
): Promise<{ report: AnalysisReport; checks: CheckMetadata[] }> {
  const url = parsePageUrl(flags.url ?? '');
  const budget = flags.budget ? loadBundleBudget(flags.budget) : DEFAULT_BUNDLE_BUDGET;
  const checks = servedChecks(budget, flags.budget ? 'config' : 'default');
  const rum = parseRumFlags(flags, url);
  const publish = parsePublishFlags(flags, url);
  const token = publish ? readPublishToken(publish.tokenFile) : '';
  const endpoint = publish ? publishEndpoint(publish.exporter) : undefined;
  const { report, served, checked } = await checkPage(url, chromiumPath(flags.chromium), checks);
  if (publish && endpoint)
    await publishSummary(
      endpoint,
      token,
      pageSummary(publish.page, served, checked, budget, Date.now() / 1000),
    );
  const metadata = checks.map((c) => c.metadata);
  if (!rum) return { report, checks: metadata };
  try {
    const linked = await linkPoorVitals(report, { ...rum, endSeconds: Date.now() / 1000 });
    return { report: linked.report, checks: [...linked.extraChecks, ...metadata] };
  } catch (error) {
    if (error instanceof PrometheusUnreachableError || error instanceof PrometheusQueryError)
      throw new BundleInputError(`web vitals from ${rum.prometheus}: ${error.message}`);
    throw error;
  }
}

async function fetchChecked(url: URL): Promise<RawResponse> {
  let response: RawResponse;
  try {
    response = await fetchRaw(url);
  } catch (error) {
    throw new BundleInputError(`cannot fetch ${url.href}: ${(error as Error).message}`);
  }
  if (response.status >= 400) throw new BundleInputError(`${url.href} answered HTTP ${response.status}`);
  return response;
}

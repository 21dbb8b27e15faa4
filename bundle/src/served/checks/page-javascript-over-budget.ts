import { pageJavascriptOverBudgetCheck } from '@perflens/analysis';
import type { BundleBudget } from '../../budget/bundle-budget';
import { formatBytes } from '../../report/bundle-finding';
import { type ServedCheck, shortUrl } from '../served-page';

/**
 * The page's scripts as transferred against the same initial-JavaScript budget as a build's entries (its
 * default is web.dev's 170 KiB compressed): served uncompressed, the bytes on the wire are what counts.
 */
export function pageJavascriptOverBudget(
  budget: BundleBudget,
  budgetSource: 'config' | 'default',
): ServedCheck {
  return {
    metadata: pageJavascriptOverBudgetCheck,
    run(page) {
      const scripts = page.assets.filter(({ asset }) => asset.kind === 'script');
      const bytes = scripts.reduce((sum, { response }) => sum + response.transferBytes, 0);
      if (bytes <= budget.initialJsGzipBytes) return [];
      const largest = [...scripts].sort((a, b) => b.response.transferBytes - a.response.transferBytes)[0];
      return [
        {
          target: { url: shortUrl(page.page.url) },
          severity: 'critical',
          title: `${shortUrl(page.page.url)} downloads ${formatBytes(bytes)} of JavaScript in ${scripts.length} script${scripts.length === 1 ? '' : 's'}, over its budget of ${formatBytes(budget.initialJsGzipBytes)}${largest ? `; the largest is ${shortUrl(largest.response.url)} (${formatBytes(largest.response.transferBytes)})` : ''}`,
          evidence: [
            {
              label: 'JavaScript bytes transferred',
              query: scripts.map(({ response }) => `GET ${response.url}`).join(', '),
              value: bytes,
              unit: 'bytes',
              threshold: budget.initialJsGzipBytes,
              thresholdSource: budgetSource,
            },
          ],
          action: `Compress and minify ${largest ? shortUrl(largest.response.url) : 'the scripts'}, take data out of it and split what the first screen does not need; then check the build with perflens bundle --metafile/--stats`,
          savedBytes: bytes - budget.initialJsGzipBytes,
          effort: 'medium',
        },
      ];
    },
  };
}

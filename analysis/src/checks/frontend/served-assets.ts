import type { CheckedFinding, Evidence } from '../../findings/finding';
import { formatBytes } from '../../findings/format-values';
import { makeFinding } from '../../findings/make-finding';
import type { FrontendEvidence } from '../../sources/frontend-evidence';
import {
  pageJavascriptOverBudgetCheck,
  renderBlockingAssetsCheck,
  savedBytesScore,
  uncompressedAssetsCheck,
} from './served-asset-metadata';

// The engine's side of the served-asset checks: one finding per page from the summary `perflens bundle
// --url … --publish` sent to the exporter, judged as the CLI judged the page's assets one by one. Their
// target is the page, the label the page's web vitals carry, so rank/attribute-causes.ts links them to it.

const impact = (savedBytes: number, page: string) => ({
  score: savedBytesScore(savedBytes),
  explanation: `${formatBytes(savedBytes)} less for every visitor of ${page} to download before the page renders`,
});
const bytesEvidence = (label: string, query: string, value: number, threshold?: number): Evidence => ({
  label,
  query,
  value,
  unit: 'bytes',
  ...(threshold === undefined ? {} : { threshold }),
});
const BUNDLE_RUN = 'perflens bundle --url <page> --metafile/--stats';

/** Pages whose scripts, as transferred, weigh more than the budget they were published with. */
export function findPageJavascriptOverBudget(evidence: FrontendEvidence): CheckedFinding[] {
  return evidence.assets.flatMap((assets) => {
    const bytes = assets.bytes.script;
    const budget = assets.budgetBytes.script;
    if (bytes === undefined || budget === undefined || bytes <= budget) return [];
    const over = bytes - budget;
    return [
      makeFinding(pageJavascriptOverBudgetCheck, {
        target: { page: assets.page },
        severity: 'critical',
        impact: impact(over, assets.page),
        title: `${assets.page} downloads ${formatBytes(bytes)} of JavaScript, over its budget of ${formatBytes(budget)}`,
        evidence: [
          bytesEvidence('JavaScript bytes transferred', evidence.queries.assetBytes, bytes, budget),
          bytesEvidence('JavaScript budget', evidence.queries.assetBudget, budget),
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: `Compress and minify the scripts of ${assets.page}, take data out of them and split what the first screen does not need; then look inside the build with ${BUNDLE_RUN}`,
            expectedEffect: `saves ${formatBytes(over)} (${over} bytes)`,
            effort: 'medium',
          },
        ],
      }),
    ];
  });
}

/** Pages whose text responses (HTML, JS, CSS…) of 1 KiB or more arrive without br or gzip. */
export function findUncompressedAssets(evidence: FrontendEvidence): CheckedFinding[] {
  return evidence.assets.flatMap((assets) => {
    const bytes = assets.uncompressedBytes;
    if (bytes === undefined || bytes <= 0) return [];
    const saved = assets.savingsBytes.compression ?? 0;
    return [
      makeFinding(uncompressedAssetsCheck, {
        target: { page: assets.page },
        severity: 'warning',
        impact: impact(saved, assets.page),
        title: `${assets.page} serves ${formatBytes(bytes)} of text uncompressed; gzip saves ${formatBytes(saved)}`,
        evidence: [
          bytesEvidence('uncompressed bytes transferred', evidence.queries.uncompressed, bytes),
          bytesEvidence('bytes gzip saves', evidence.queries.savings, saved),
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: `Serve the text assets of ${assets.page} with Brotli or gzip (perflens bundle --url names each one)`,
            expectedEffect: `saves ${formatBytes(saved)} (${saved} bytes)`,
            effort: 'low',
            config:
              'express: app.use(compression()) (the compression package); nginx: gzip on; gzip_types text/css application/javascript;',
          },
        ],
      }),
    ];
  });
}

/** Pages with classic scripts (warning) or only stylesheets (info) holding back the first paint. */
export function findRenderBlockingAssets(evidence: FrontendEvidence): CheckedFinding[] {
  return evidence.assets.flatMap((assets) => {
    const scripts = assets.renderBlocking.script ?? 0;
    const styles = assets.renderBlocking.style ?? 0;
    if (scripts + styles <= 0) return [];
    const saved = assets.savingsBytes['render-blocking'] ?? 0;
    const counted = [
      scripts > 0 ? `${scripts} script${scripts === 1 ? '' : 's'}` : '',
      styles > 0 ? `${styles} stylesheet${styles === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    return [
      makeFinding(renderBlockingAssetsCheck, {
        target: { page: assets.page },
        severity: scripts > 0 ? 'warning' : 'info',
        impact: impact(saved, assets.page),
        title: `${assets.page}: ${counted.join(' and ')} in <head> ${scripts + styles === 1 ? 'blocks' : 'block'} the first render (${formatBytes(saved)})`,
        evidence: [
          {
            label: 'render-blocking assets',
            query: evidence.queries.renderBlocking,
            value: scripts + styles,
            unit: 'count',
          },
          bytesEvidence('bytes before first paint', evidence.queries.savings, saved),
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: `Load the scripts of ${assets.page} with defer (or type="module"); inline the CSS the first screen needs and load the rest without blocking`,
            expectedEffect: `the first paint no longer waits for ${formatBytes(saved)}`,
            effort: 'low',
            config: '<script defer src="…"></script>',
          },
        ],
      }),
    ];
  });
}

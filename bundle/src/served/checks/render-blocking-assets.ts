import { formatBytes } from '../../report/bundle-finding';
import { type ServedCheck, shortUrl } from '../served-page';

export const renderBlockingAssets: ServedCheck = {
  metadata: {
    id: 'frontend.render-blocking-assets',
    layer: 'frontend',
    title: 'Render-blocking script or stylesheet in <head>',
    whyItMatters:
      'The browser paints nothing until every classic script and every stylesheet in <head> is downloaded and ' +
      'run, so each one delays First Contentful Paint (Lighthouse "Eliminate render-blocking resources").',
    scoring: 'The bytes downloaded before the first paint: 2 KiB is one point, 200 KiB or more is 100.',
    thresholds:
      'Scripts in <head> without async, defer or type="module" (warning); stylesheets for all media (info).',
    remedy:
      'Add defer to scripts (or load them as modules); inline the critical CSS and load the rest with media="print" onload.',
  },
  run(page) {
    return page.assets
      .filter(({ asset }) => asset.renderBlocking && asset.inHead)
      .map(({ asset, response }) => {
        const script = asset.kind === 'script';
        return {
          target: { url: shortUrl(response.url) },
          severity: script ? ('warning' as const) : ('info' as const),
          title: `${script ? 'Script' : 'Stylesheet'} ${shortUrl(response.url)} (${formatBytes(response.transferBytes)}) blocks the first render from <head>`,
          evidence: [
            {
              label: 'bytes before first paint',
              query: `GET ${response.url}`,
              value: response.transferBytes,
              unit: 'bytes' as const,
            },
          ],
          action: script
            ? `Load ${shortUrl(response.url)} with defer (or type="module"), so the page renders while it downloads`
            : `Inline the CSS the first screen needs and load ${shortUrl(response.url)} without blocking`,
          savedBytes: response.transferBytes,
          effort: 'low' as const,
          config: script
            ? `<script defer src="${shortUrl(response.url)}"></script>`
            : `<link rel="stylesheet" href="${shortUrl(response.url)}" media="print" onload="this.media='all'">`,
        };
      });
  },
};

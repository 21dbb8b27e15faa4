import { renderBlockingAssetsCheck } from '@perflens/analysis';
import { formatBytes } from '../../report/bundle-finding';
import { type ServedCheck, shortUrl } from '../served-page';

export const renderBlockingAssets: ServedCheck = {
  metadata: renderBlockingAssetsCheck,
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

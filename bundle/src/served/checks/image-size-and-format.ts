import { formatBytes } from '../../report/bundle-finding';
import type { BundleFindingDraft } from '../../checks/bundle-check';
import { mediaType, type ServedCheck, shortUrl } from '../served-page';

/** Lighthouse "Properly size images" reports an image when resizing saves 4 KiB or more; so do we. */
const MIN_WASTE_BYTES = 4096;
/** Lossy WebP is 25-34% smaller than JPEG at equal quality (web.dev "Use WebP images"): the lower bound. */
const MODERN_FORMAT_SAVING = 0.25;
const LEGACY_FORMATS = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/bmp']);
const MIN_LEGACY_BYTES = 10 * 1024;

export const imageSizeAndFormat: ServedCheck = {
  metadata: {
    id: 'frontend.image-size-and-format',
    layer: 'frontend',
    title: 'Image larger than drawn, or in a legacy format',
    whyItMatters:
      'An image with more pixels than it is drawn at is downloaded and decoded for nothing, and is often the ' +
      'Largest Contentful Paint element; JPEG and PNG are a quarter larger than WebP or AVIF.',
    scoring: 'The estimated bytes saved: 2 KiB is one point, 200 KiB or more is 100.',
    thresholds:
      'Oversized: natural pixels beyond the drawn size × device pixel ratio (in headless Chromium, 1280×800 at ' +
      'ratio 1) save 4 KiB or more (warning). Legacy format: JPEG, PNG or GIF of 10 KiB or more (info, 25% saved).',
    remedy: 'Serve images at their drawn size (srcset and sizes for each density) in WebP or AVIF.',
  },
  run(page) {
    const drafts: BundleFindingDraft[] = [];
    for (const { asset, response } of page.assets) {
      if (asset.kind !== 'image') continue;
      const drawn = page.images.find((image) => image.url === response.url || image.url === asset.url.href);
      const url = shortUrl(response.url);
      if (drawn && drawn.naturalWidth * drawn.naturalHeight > 0) {
        const neededPixels =
          Math.min(drawn.naturalWidth, drawn.renderedWidth * drawn.devicePixelRatio) *
          Math.min(drawn.naturalHeight, drawn.renderedHeight * drawn.devicePixelRatio);
        const share = neededPixels / (drawn.naturalWidth * drawn.naturalHeight);
        const waste = Math.round(response.transferBytes * (1 - share));
        if (waste >= MIN_WASTE_BYTES) {
          drafts.push({
            target: { url, problem: 'oversized' },
            severity: 'warning',
            title: `Image ${url} is ${drawn.naturalWidth}×${drawn.naturalHeight} but drawn at ${drawn.renderedWidth}×${drawn.renderedHeight}: ${formatBytes(waste)} of its ${formatBytes(response.transferBytes)} is never shown`,
            evidence: [
              {
                label: 'share of its pixels drawn',
                query: `Chromium: naturalWidth × naturalHeight vs clientWidth × clientHeight × devicePixelRatio² of ${url}`,
                value: Math.round(share * 1000) / 1000,
                unit: 'ratio',
              },
              {
                label: 'bytes transferred',
                query: `GET ${response.url}`,
                value: response.transferBytes,
                unit: 'bytes',
              },
            ],
            action: `Resize ${url} to ${drawn.renderedWidth * drawn.devicePixelRatio}×${drawn.renderedHeight * drawn.devicePixelRatio} (add srcset entries for higher densities)`,
            savedBytes: waste,
            effort: 'low',
          });
        }
      }
      if (LEGACY_FORMATS.has(mediaType(response)) && response.transferBytes >= MIN_LEGACY_BYTES) {
        drafts.push({
          target: { url, problem: 'format' },
          severity: 'info',
          title: `Image ${url} is ${mediaType(response)} (${formatBytes(response.transferBytes)}); WebP or AVIF is about a quarter smaller`,
          evidence: [
            {
              label: 'bytes transferred',
              query: `GET ${response.url}`,
              value: response.transferBytes,
              unit: 'bytes',
              threshold: MIN_LEGACY_BYTES,
              thresholdSource: 'default',
            },
          ],
          action: `Serve ${url} as WebP or AVIF (<picture> with a fallback)`,
          savedBytes: Math.round(response.transferBytes * MODERN_FORMAT_SAVING),
          effort: 'medium',
        });
      }
    }
    return drafts;
  },
};

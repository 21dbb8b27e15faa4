import type { CheckMetadata } from '../../findings/check-definition';

// The served-asset checks have one definition, here: `perflens bundle --url` (@perflens/bundle) runs them on a
// page it fetches, per asset (docs/bundle.md); the engine runs them on what `perflens bundle --publish`
// reported of each page (checks/frontend/served-assets.ts), per page. Ids and scoring are the same in both.

export const pageJavascriptOverBudgetCheck: CheckMetadata = {
  id: 'frontend.page-javascript-over-budget',
  layer: 'frontend',
  title: 'Page downloads more JavaScript than its budget',
  whyItMatters:
    'Every script a page loads is downloaded, parsed and run before it is interactive; scripts in <head> ' +
    'also hold back the first paint.',
  scoring: 'The bytes over the budget: 2 KiB is one point, 200 KiB or more is 100.',
  thresholds:
    'initialJsGzipBytes of the budget file (default 170 KiB), against the bytes transferred; the engine reads both as perflens bundle --publish sent them.',
  remedy:
    'Compress, minify and split the scripts; move data out of them (fetch it); load what can wait with import().',
};

export const uncompressedAssetsCheck: CheckMetadata = {
  id: 'frontend.uncompressed-assets',
  layer: 'frontend',
  title: 'Text asset served without compression',
  whyItMatters:
    'HTML, JavaScript, CSS, JSON and SVG shrink by two thirds or more with gzip or Brotli; served raw, every ' +
    'visitor downloads the difference before the page can render.',
  scoring: 'The bytes gzip would save: 2 KiB is one point, 200 KiB or more is 100.',
  thresholds:
    'Text responses of 1 KiB or more without Content-Encoding br or gzip, asked for with Accept-Encoding: br, gzip.',
  remedy:
    'Turn on Brotli or gzip for text types in the server or CDN (express: compression(); nginx: gzip on).',
};

export const renderBlockingAssetsCheck: CheckMetadata = {
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
};

/** Every KiB saved is worth half a point, so 200 KiB saved scores 100, the top of the engine's scale. */
export const SAVED_BYTES_PER_POINT = 2048;

/** The impact score of a served-asset finding from the bytes its fix saves. */
export function savedBytesScore(savedBytes: number): number {
  return Math.round(Math.min(100, Math.max(0, savedBytes) / SAVED_BYTES_PER_POINT) * 100) / 100;
}

/** Options of the demo's web page. */
export interface HomePageOptions {
  /** Base URL of the perflens exporter that serves /rum.js and receives /rum; no snippet without it. */
  exporterUrl?: string;
  /**
   * The shop's bundled front end: deferred, or (front-end-bloat) a classic script that blocks rendering.
   * Without it the page lists no products.
   */
  script?: { src: string; blocking: boolean };
}

/**
 * A small shop page that loads the Perflens RUM snippet (web vitals go to the exporter's /rum) and its
 * bundled front end, which fetches a page of products, so a real browser produces LCP, FCP, TTFB and CLS
 * for page "/".
 */
export function homePage(options: HomePageOptions): string {
  const snippet = options.exporterUrl
    ? `<script src="${escapeAttribute(`${options.exporterUrl.replace(/\/$/, '')}/rum.js`)}" data-page="/" defer></script>`
    : '<!-- no exporter URL configured: web vitals are not collected -->';
  const app = options.script
    ? `<script src="${escapeAttribute(options.script.src)}"${options.script.blocking ? '' : ' defer'}></script>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Perflens demo shop</title>
  ${snippet}
  ${app}
  <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
  li{margin:.25rem 0}</style>
</head>
<body>
  <h1>Perflens demo shop</h1>
  <p>An Express 5 + PostgreSQL service instrumented with Perflens. Its bottlenecks are switched at
  <code>/admin/bottlenecks</code>.</p>
  <ul id="products"><li>loading products…</li></ul>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

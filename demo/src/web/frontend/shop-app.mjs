/* global document, fetch */
// The demo shop's front end, bundled with esbuild into demo/src/web/generated/frontend-bundles.ts
// (bundle/test/demo-frontend.ts builds it; see demo/README.md, "Front end").
import { renderProducts } from './render-products.mjs';

function start() {
  const list = document.getElementById('products');
  fetch('/api/products')
    .then((response) => response.json())
    .then((body) => renderProducts(list, Array.isArray(body) ? body.slice(0, 20) : body.products));
}

// Deferred, the document is parsed already; loaded as a blocking script in <head> (front-end-bloat), it is not.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

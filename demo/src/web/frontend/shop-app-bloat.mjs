/* global window */
// The front-end-bloat variant: the same shop, plus a snapshot of the catalogue bundled into the script (data
// that belongs behind an API), built without minification and with an inline source map.
import './shop-app.mjs';
// A snapshot of 150 products, embedded on purpose: data a page should fetch from the API, not ship in its
// script (a data file, bundled by esbuild's JSON loader).
import CATALOGUE_SNAPSHOT from './catalogue-snapshot.json';

window.perflensCatalogueSnapshot = CATALOGUE_SNAPSHOT;

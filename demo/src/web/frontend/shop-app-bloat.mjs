/* global window */
// The front-end-bloat variant: the same shop, plus a snapshot of the catalogue bundled into the script (data
// that belongs behind an API), built without minification and with an inline source map.
import './shop-app.mjs';
import { CATALOGUE_SNAPSHOT } from './catalogue-snapshot.mjs';

window.perflensCatalogueSnapshot = CATALOGUE_SNAPSHOT;

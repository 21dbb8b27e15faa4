import { Router } from 'express';
import type { BottleneckSwitches } from '../bottlenecks/bottleneck-switches';
import { CompressedBodies } from './compressed-body';
import { type FrontendBundle, SHOP_APP, SHOP_APP_BLOAT } from './generated/frontend-bundles';
import { homePage } from './home-page';

export interface WebRoutesOptions {
  exporterUrl?: string;
  switches: BottleneckSwitches;
}

// web.dev, "Love your cache": fingerprinted files forever, HTML revalidated on every visit.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The shop page and its bundled front end (built by esbuild, generated/frontend-bundles.ts). With
 * `frontend-bloat` on, the page loads the bloated bundle from /assets/uncompressed/ instead: a blocking
 * script in <head>, never compressed.
 */
export function webRoutes(options: WebRoutesOptions): Router {
  const router = Router();
  const bodies = new CompressedBodies();
  const decoded = (bundle: FrontendBundle) => Buffer.from(bundle.base64, 'base64');
  const app = decoded(SHOP_APP);
  const bloat = decoded(SHOP_APP_BLOAT);

  router.get('/', (req, res) => {
    const bloated = options.switches.isOn('frontend-bloat');
    const script = bloated
      ? { src: `/assets/uncompressed/${SHOP_APP_BLOAT.file}`, blocking: true }
      : { src: `/assets/${SHOP_APP.file}`, blocking: false };
    const html = homePage({ ...(options.exporterUrl ? { exporterUrl: options.exporterUrl } : {}), script });
    res.type('html').set('Cache-Control', REVALIDATE);
    bodies.send(req, res, bloated ? 'home-bloat' : 'home', Buffer.from(html));
  });
  router.get(`/assets/${SHOP_APP.file}`, (req, res) => {
    res.type('js').set('Cache-Control', IMMUTABLE);
    bodies.send(req, res, SHOP_APP.file, app);
  });
  router.get(`/assets/uncompressed/${SHOP_APP_BLOAT.file}`, (_req, res) => {
    res.type('js').set('Cache-Control', IMMUTABLE).send(bloat);
  });
  return router;
}

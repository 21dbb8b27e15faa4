import { mediaType, responsesOf, type ServedCheck, shortUrl } from '../served-page';
import type { BundleFindingDraft } from '../../checks/bundle-check';

/** A year, what web.dev ("Love your cache") and Lighthouse advise for files whose name changes with content. */
const LONG_MAX_AGE_SECONDS = 31_536_000;
/** Below 30 days a fingerprinted file counts as short-lived: it is downloaded again for no reason. */
const MIN_FINGERPRINTED_MAX_AGE_SECONDS = 30 * 24 * 3600;

// A content hash in the name: webpack's [contenthash] (hex, 8+), esbuild's [hash] (8 base32 capitals).
const FINGERPRINT = /[.-]([0-9a-f]{8,}|[A-Z0-9]{8})\.(m?js|css|woff2?|png|jpe?g|webp|avif|svg|gif)$/;

function directives(header: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (header ?? '').split(',')) {
    const [name, value] = part.trim().toLowerCase().split('=');
    if (name) map.set(name, value ?? '');
  }
  return map;
}

export const cachePolicy: ServedCheck = {
  metadata: {
    id: 'frontend.cache-policy',
    layer: 'frontend',
    title: 'Cache-Control wrong for the kind of file',
    whyItMatters:
      'A fingerprinted file never changes, so a short max-age makes repeat visitors download it again; HTML ' +
      'names the current fingerprints, so caching it without revalidation serves stale pages after a deploy.',
    scoring: 'The bytes downloaded again on each repeat visit: 2 KiB is one point, 200 KiB or more is 100.',
    thresholds: `Fingerprinted files need max-age of 30 days or more (advice: ${LONG_MAX_AGE_SECONDS}, immutable); HTML needs no-cache, no-store, max-age=0 or must-revalidate.`,
    remedy:
      'Serve hashed assets with "Cache-Control: public, max-age=31536000, immutable" and HTML with "Cache-Control: no-cache".',
  },
  run(page) {
    const drafts: BundleFindingDraft[] = [];
    for (const response of responsesOf(page)) {
      const header = response.headers['cache-control'];
      const cache = directives(header);
      const path = new URL(response.url).pathname;
      const query = `GET ${response.url} Cache-Control`;
      if (FINGERPRINT.test(path)) {
        const maxAge = Number(cache.get('max-age') ?? 0);
        if (!cache.has('no-store') && maxAge >= MIN_FINGERPRINTED_MAX_AGE_SECONDS) continue;
        drafts.push({
          target: { url: shortUrl(response.url) },
          severity: 'warning',
          title: `Fingerprinted ${shortUrl(response.url)} is cached for ${maxAge} s (Cache-Control: ${header ?? 'none'}); it never changes`,
          evidence: [
            {
              label: 'max-age',
              query,
              value: maxAge,
              unit: 'seconds',
              threshold: MIN_FINGERPRINTED_MAX_AGE_SECONDS,
              thresholdSource: 'default',
            },
          ],
          action: `Serve ${shortUrl(response.url)} with a long-lived, immutable Cache-Control`,
          savedBytes: response.transferBytes,
          effort: 'low',
          config: `Cache-Control: public, max-age=${LONG_MAX_AGE_SECONDS}, immutable`,
        });
      } else if (mediaType(response) === 'text/html') {
        const revalidates =
          cache.has('no-cache') ||
          cache.has('no-store') ||
          cache.has('must-revalidate') ||
          cache.get('max-age') === '0';
        if (revalidates || header === undefined) continue;
        drafts.push({
          target: { url: shortUrl(response.url) },
          severity: 'warning',
          title: `HTML ${shortUrl(response.url)} is cached without revalidation (Cache-Control: ${header}): after a deploy it points at old assets`,
          evidence: [
            {
              label: 'max-age',
              query,
              value: Number(cache.get('max-age') ?? 0),
              unit: 'seconds',
              threshold: 0,
              thresholdSource: 'default',
            },
          ],
          action: `Make browsers revalidate ${shortUrl(response.url)} on each visit`,
          savedBytes: 0,
          effort: 'low',
          config: 'Cache-Control: no-cache',
        });
      }
    }
    return drafts;
  },
};

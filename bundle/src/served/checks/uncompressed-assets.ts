import { uncompressedAssetsCheck } from '@perflens/analysis';
import { gzipSync } from 'node:zlib';
import { formatBytes } from '../../report/bundle-finding';
import { mediaType, responsesOf, type ServedCheck, shortUrl } from '../served-page';

// Text formats that compress well (Lighthouse "Enable text compression" looks at the same kind of resource).
const TEXT_TYPES = /^(text\/|application\/(javascript|json|xml|manifest\+json|wasm)|image\/svg\+xml)/;
/** Lighthouse skips responses whose compression would save less than 1.4 KiB; so do we, from 1 KiB of body. */
const MIN_BODY_BYTES = 1024;

export const uncompressedAssets: ServedCheck = {
  metadata: uncompressedAssetsCheck,
  run(page) {
    return responsesOf(page).flatMap((response) => {
      const encoding = response.headers['content-encoding'];
      if (!TEXT_TYPES.test(mediaType(response)) || response.body.length < MIN_BODY_BYTES) return [];
      if (encoding === 'br' || encoding === 'gzip' || encoding === 'zstd') return [];
      const gzipBytes = gzipSync(response.body).length;
      const savedBytes = response.transferBytes - gzipBytes;
      return [
        {
          target: { url: shortUrl(response.url) },
          severity: 'warning' as const,
          title: `${shortUrl(response.url)} (${mediaType(response)}) is served uncompressed: ${formatBytes(response.transferBytes)}, ${formatBytes(gzipBytes)} with gzip`,
          evidence: [
            {
              label: 'bytes transferred',
              query: `GET ${response.url} (Accept-Encoding: br, gzip)`,
              value: response.transferBytes,
              unit: 'bytes' as const,
            },
            {
              label: 'bytes with gzip',
              query: `gzip of ${response.url}`,
              value: gzipBytes,
              unit: 'bytes' as const,
            },
          ],
          action: `Serve ${shortUrl(response.url)} with Brotli or gzip`,
          savedBytes,
          effort: 'low' as const,
          config:
            "express: app.use(require('compression')()); nginx: gzip on; gzip_types text/css application/javascript;",
        },
      ];
    });
  },
};

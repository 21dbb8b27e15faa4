import type { Request, Response } from 'express';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Sends a body compressed with the best encoding the client accepts (Brotli, then gzip), computing each
 * encoding once per body: the demo's pages and bundles are fixed strings.
 */
export class CompressedBodies {
  private readonly cache = new Map<string, Buffer>();

  send(req: Request, res: Response, key: string, body: Buffer): void {
    const encoding = req.acceptsEncodings('br', 'gzip');
    res.vary('Accept-Encoding');
    if (encoding !== 'br' && encoding !== 'gzip') {
      res.send(body);
      return;
    }
    const cacheKey = `${encoding}:${key}`;
    let compressed = this.cache.get(cacheKey);
    if (!compressed) {
      compressed =
        encoding === 'br'
          ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })
          : gzipSync(body);
      this.cache.set(cacheKey, compressed);
    }
    res.set('Content-Encoding', encoding).send(compressed);
  }
}

import http from 'node:http';
import https from 'node:https';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/** A response as the network carried it: `transferBytes` is the body before decoding, `body` after. */
export interface RawResponse {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  transferBytes: number;
  body: Buffer;
}

/** What a browser asks for: the encodings every current browser accepts (br over HTTPS, gzip everywhere). */
export const ACCEPT_ENCODING = 'br, gzip';

/**
 * GETs a URL the way a browser would, without letting the client decode the body (fetch() would, and then
 * the bytes on the wire are lost); follows up to 5 redirects.
 */
export async function fetchRaw(url: URL, timeoutMs = 15_000, redirects = 5): Promise<RawResponse> {
  const response = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; raw: Buffer }>(
    (resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const request = client.get(
        url,
        {
          headers: { 'accept-encoding': ACCEPT_ENCODING, 'user-agent': 'perflens-bundle' },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`no answer from ${url.href} within ${timeoutMs} ms`)),
      );
      request.on('error', reject);
    },
  );
  const location = response.headers.location;
  if (response.status >= 300 && response.status < 400 && location && redirects > 0)
    return fetchRaw(new URL(location, url), timeoutMs, redirects - 1);
  return {
    url: url.href,
    status: response.status,
    headers: response.headers,
    transferBytes: response.raw.length,
    body: decode(response.raw, response.headers['content-encoding']),
  };
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return brotliDecompressSync(raw);
  if (encoding === 'gzip') return gunzipSync(raw);
  return raw;
}

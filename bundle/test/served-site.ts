import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync, gzipSync } from 'node:zlib';

/**
 * A small site with a page served badly (/bad/) and the same page served well (/good/): compression,
 * Cache-Control, render-blocking assets and images drawn smaller than they are.
 */
export interface ServedSite {
  url: string;
  close(): Promise<void>;
}

/** A PNG of `size`×`size` pixels: noise (large, hard to compress) or one colour (tiny). */
export function png(size: number, noise: boolean): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const row = size * 3 + 1;
  const pixels = Buffer.alloc(row * size);
  let seed = 7;
  for (let i = 0; i < pixels.length; i += 1) {
    if (i % row === 0) continue; // filter byte 0
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    pixels[i] = noise ? seed >> 16 : 200;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const script = `${'// app code, indented and commented as written\n'.repeat(10)}${Array.from({ length: 60 }, (_, i) => `function step${i}() {\n  return document.title.length + ${i};\n}\n`).join('')}`;
const style = `${Array.from({ length: 60 }, (_, i) => `.item-${i} {\n  padding: ${i}px;\n  color: #333;\n}\n`).join('')}`;
const padding = `<p>${'Served page text. '.repeat(80)}</p>`;

function page(variant: 'bad' | 'good'): string {
  const head =
    variant === 'bad'
      ? '<script src="/bad/app.3f9a1c2e.js"></script><link rel="stylesheet" href="/bad/style.css">'
      : '<script defer src="/good/app.3f9a1c2e.js"></script><link rel="stylesheet" href="/good/style.css" media="print">';
  return `<!doctype html><html><head><title>${variant}</title>${head}</head><body>${padding}<img src="/${variant}/photo.png" style="width:100px;height:100px" alt=""></body></html>`;
}

interface Asset {
  type: string;
  body: Buffer;
  cacheControl: string;
}

function assets(variant: 'bad' | 'good'): Record<string, Asset> {
  const good = variant === 'good';
  return {
    [`/${variant}/`]: {
      type: 'text/html; charset=utf-8',
      body: Buffer.from(page(variant)),
      cacheControl: good ? 'no-cache' : 'max-age=3600',
    },
    [`/${variant}/app.3f9a1c2e.js`]: {
      type: 'text/javascript',
      body: Buffer.from(script),
      cacheControl: good ? 'public, max-age=31536000, immutable' : 'max-age=60',
    },
    [`/${variant}/style.css`]: { type: 'text/css', body: Buffer.from(style), cacheControl: 'no-cache' },
    [`/${variant}/photo.png`]: {
      type: 'image/png',
      body: png(good ? 100 : 600, !good),
      cacheControl: 'no-cache',
    },
  };
}

/** Starts the site on a free port of 127.0.0.1; /good/ gzips text when asked, /bad/ never does. */
export async function startServedSite(): Promise<ServedSite> {
  const files = { ...assets('bad'), ...assets('good') };
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const file = files[path];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    const compress =
      path.startsWith('/good/') &&
      !file.type.startsWith('image/') &&
      /gzip/.test(String(request.headers['accept-encoding']));
    const body = compress ? gzipSync(file.body) : file.body;
    response.writeHead(200, {
      'content-type': file.type,
      'cache-control': file.cacheControl,
      'content-length': body.length,
      ...(compress ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

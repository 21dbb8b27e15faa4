import { createHash } from 'node:crypto';
import path from 'node:path';
import { build, stop as stopEsbuildService } from 'esbuild';
import type { RequestHandler } from 'express';

/** The bundled browser snippet in both shapes it is served in. */
export interface RumScripts {
  /** /rum.js: a classic script that starts itself (browser/auto-start.ts). */
  classic: BuiltScript;
  /** /rum.mjs: an ES module exporting startPerflensRum (browser/perflens-rum.ts). */
  module: BuiltScript;
}

export interface BuiltScript {
  code: string;
  etag: string;
}

// The snippet's TypeScript sources ship with the package; from src/rum and from dist/rum alike they are
// at <package>/src/rum/browser.
const BROWSER_SOURCES = path.resolve(__dirname, '..', '..', 'src', 'rum', 'browser');

/**
 * Bundles the snippet with web-vitals, minified, for browsers from 2020 on (the web-vitals README's
 * support range). Done once at start-up so a missing source or dependency fails the start, not a request.
 */
export async function buildRumScripts(): Promise<RumScripts> {
  const bundle = async (entry: string, format: 'iife' | 'esm'): Promise<BuiltScript> => {
    const result = await build({
      entryPoints: [path.join(BROWSER_SOURCES, entry)],
      bundle: true,
      minify: true,
      format,
      target: ['chrome80', 'firefox78', 'safari14'],
      write: false,
      legalComments: 'inline',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
  };
  try {
    const [classic, module] = await Promise.all([
      bundle('auto-start.ts', 'iife'),
      bundle('perflens-rum.ts', 'esm'),
    ]);
    return { classic, module };
  } finally {
    // esbuild's JS API keeps a service child process alive; left running it outlives the exporter and,
    // where no init process reaps orphans (containers), ends as a zombie.
    await stopEsbuildService();
  }
}

/**
 * Serves a bundle to any origin (it is public code; pages on other origins load it), with an ETag so
 * browsers revalidate cheaply instead of downloading again.
 */
export function serveScript(script: BuiltScript): RequestHandler {
  return (req, res) => {
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      ETag: script.etag,
    });
    if (req.headers['if-none-match'] === script.etag) {
      res.status(304).end();
      return;
    }
    res.send(script.code);
  };
}

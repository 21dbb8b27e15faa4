import path from 'node:path';
import { build } from 'esbuild';

/** The demo's front-end sources and the generated module the demo serves them from. */
export const DEMO_FRONTEND_DIR = path.resolve(__dirname, '../../demo/src/web/frontend');
export const DEMO_FRONTEND_MODULE = path.resolve(
  __dirname,
  '../../demo/src/web/generated/frontend-bundles.ts',
);

interface BuiltBundle {
  file: string;
  contents: string;
}

/**
 * Builds the demo shop's two front ends with esbuild, as a browser script each (IIFE): the shop, minified;
 * the front-end-bloat variant, unminified with an inline source map and a catalogue snapshot inside. Names
 * carry esbuild's content hash, so the demo can cache them for a year. Paths are relative to the sources'
 * folder, so the output does not depend on where the repository is checked out.
 */
async function buildBundle(entry: string, bloated: boolean): Promise<BuiltBundle> {
  const result = await build({
    absWorkingDir: DEMO_FRONTEND_DIR,
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: 'out',
    entryNames: '[name].[hash]',
    format: 'iife',
    target: 'es2020',
    minify: !bloated,
    sourcemap: bloated ? 'inline' : false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output || result.outputFiles.length !== 1)
    throw new Error(`esbuild: expected one output for ${entry}`);
  return { file: path.basename(output.path), contents: output.text };
}

// Base64 keeps the module as prettier formats it (no quotes to escape), so formatting never makes it stale.
function constant(name: string, bundle: BuiltBundle): string[] {
  return [
    `export const ${name}: FrontendBundle = {`,
    `  file: '${bundle.file}',`,
    '  base64:',
    `    '${Buffer.from(bundle.contents).toString('base64')}',`,
    '};',
  ];
}

/** The generated TypeScript module: both bundles as strings, so tsc carries them into the demo's dist. */
export async function demoFrontendModule(): Promise<string> {
  const app = await buildBundle('shop-app.mjs', false);
  const bloat = await buildBundle('shop-app-bloat.mjs', true);
  const text = [
    '// Generated from demo/src/web/frontend/ by esbuild (bundle/test/demo-frontend.ts); do not edit. Rebuild with',
    '// PERFLENS_UPDATE_DEMO_FRONTEND=1 npx jest bundle/test/demo-frontend.test.ts',
    '',
    '/** A built front end: its fingerprinted file name and its contents in base64. */',
    'export interface FrontendBundle {',
    '  file: string;',
    '  base64: string;',
    '}',
    '',
    '/** The shop, minified. */',
    ...constant('SHOP_APP', app),
    '',
    '/** The front-end-bloat variant: unminified, inline source map, catalogue snapshot inside. */',
    ...constant('SHOP_APP_BLOAT', bloat),
    '',
  ].join('\n');
  return text;
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import webpack from 'webpack';

/**
 * A tiny front end with the problems the bundle checks find, built for real by esbuild and webpack:
 * - `dup` installed twice: 1.0.0 at the top level (the app imports it) and 2.0.0 nested under `widget`;
 * - `big-lib`, an ES module of 200 exports of about 300 bytes each, of which the app uses one;
 * - `heavy-cjs`, a CommonJS package of the same size that no bundler can tree-shake;
 * - a stylesheet, so entries have initial CSS.
 */
export interface FixtureProject {
  root: string;
  remove(): void;
}

const BIG_EXPORTS = 200;

/** About 300 bytes of ordinary, indented code: what an unminified library looks like. */
function functionSource(name: string, seed: number): string {
  return [
    `function ${name}(value) {`,
    '  // Collects the items that match the seed.',
    '  const items = [];',
    '  for (let index = 0; index < value.length; index += 1) {',
    `    if (value[index] === ${seed}) {`,
    `      items.push({ index, label: '${name} item ' + index });`,
    '    }',
    '  }',
    '  return items.length;',
    '}',
    '',
  ].join('\n');
}

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function packageJson(name: string, version: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name, version, main: 'index.js', ...extra });
}

/** Writes the sources and the fake node_modules into a new temporary directory. */
export function createFixtureProject(): FixtureProject {
  const root = mkdtempSync(path.join(tmpdir(), 'perflens-bundle-'));
  write(root, 'node_modules/dup/package.json', packageJson('dup', '1.0.0'));
  write(
    root,
    'node_modules/dup/index.js',
    `module.exports = function dup(x) { return 'dup one ' + x + ${JSON.stringify('1'.repeat(600))}; };\n`,
  );
  write(root, 'node_modules/widget/package.json', packageJson('widget', '3.1.0'));
  write(
    root,
    'node_modules/widget/index.js',
    "const dup = require('dup');\nmodule.exports = function widget(x) { return dup(x) + ' widget'; };\n",
  );
  write(root, 'node_modules/widget/node_modules/dup/package.json', packageJson('dup', '2.0.0'));
  write(
    root,
    'node_modules/widget/node_modules/dup/index.js',
    `module.exports = function dup(x) { return 'dup two ' + x + ${JSON.stringify('2'.repeat(800))}; };\n`,
  );
  const bigLib = Array.from(
    { length: BIG_EXPORTS },
    (_, i) => `export ${functionSource(`helper${i}`, i)}`,
  ).join('\n');
  write(
    root,
    'node_modules/big-lib/package.json',
    packageJson('big-lib', '4.2.0', { module: 'index.js', sideEffects: false }),
  );
  write(root, 'node_modules/big-lib/index.js', bigLib);
  const heavy = Array.from(
    { length: BIG_EXPORTS },
    (_, i) => `exports.part${i} = ${functionSource(`part${i}`, i)}`,
  ).join('\n');
  write(root, 'node_modules/heavy-cjs/package.json', packageJson('heavy-cjs', '0.9.1'));
  write(root, 'node_modules/heavy-cjs/index.js', heavy);
  write(
    root,
    'src/style.css',
    `/* the page */\nbody {\n  margin: 0;\n  font-family: sans-serif;\n}\n${'.card {\n  padding: 8px;\n}\n'.repeat(80)}`,
  );
  write(
    root,
    'src/index.js',
    [
      "import './style.css';",
      "import dup from 'dup';",
      "import widget from 'widget';",
      "import { helper0 } from 'big-lib';",
      "import { part0 } from 'heavy-cjs';",
      '',
      '// Renders one line with every dependency, so each is bundled.',
      "document.body.textContent = [dup('a'), widget('b'), helper0([0]), part0([1])].join(' ');",
      '',
    ].join('\n'),
  );
  write(root, 'src/small.js', "document.title = 'small';\n");
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** esbuild, unminified, with source maps beside the output; writes meta.json. Returns the metafile path. */
export async function buildWithEsbuild(
  root: string,
  options: { minify?: boolean; sourcemap?: boolean; entry?: string; outdir?: string } = {},
): Promise<string> {
  const outdir = options.outdir ?? 'dist';
  const result = await build({
    absWorkingDir: root,
    entryPoints: [options.entry ?? 'src/index.js'],
    bundle: true,
    outdir,
    format: 'esm',
    metafile: true,
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ?? true,
    logLevel: 'silent',
  });
  const file = path.join(root, `${outdir}.meta.json`);
  writeFileSync(file, JSON.stringify(result.metafile));
  return file;
}

/**
 * webpack in production mode with minification off, so unused exports stay in the output and its stats carry
 * usedExports and providedExports. Writes stats.json; returns its path.
 */
export async function buildWithWebpack(root: string): Promise<string> {
  const compiler = webpack({
    mode: 'production',
    context: root,
    entry: { main: './src/index.js' },
    output: { path: path.join(root, 'webpack-dist'), filename: '[name].js' },
    devtool: 'source-map',
    module: { rules: [{ test: /\.css$/, type: 'asset/source' }] },
    optimization: { minimize: false, concatenateModules: false, usedExports: true, providedExports: true },
  });
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    compiler.run((error, result) =>
      error || !result ? reject(error ?? new Error('webpack: no stats')) : resolve(result),
    ),
  );
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  const file = path.join(root, 'stats.json');
  writeFileSync(
    file,
    JSON.stringify(
      stats.toJson({
        all: false,
        assets: true,
        chunks: true,
        modules: true,
        entrypoints: true,
        ids: true,
        usedExports: true,
        providedExports: true,
        nestedModules: true,
      }),
    ),
  );
  return file;
}

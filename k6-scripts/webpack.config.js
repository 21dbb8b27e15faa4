// Bundles each entry script (src/<test type>.ts) into dist/<test type>.js for k6 0.45-0.56, which cannot
// run TypeScript (k6 strips types itself only from 0.57 on). One self-contained ES module per test: the
// TypeScript is compiled by esbuild-loader to ES2015, the syntax k6's older JavaScript engine accepts, and
// k6's own modules and remote (https://) modules stay imports for k6 to resolve, as in the k6 docs' former
// webpack template (grafana/k6-template-typescript: `externals: /^(k6|https?\:\/\/)(\/.*)?/`).
const { readdirSync } = require('node:fs');
const path = require('node:path');

const SOURCE_DIR = path.join(__dirname, 'src');

/** Entry scripts: the `.ts` files directly in src/, without declarations, tests and the public surface. */
function entryScripts() {
  return readdirSync(SOURCE_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'))
    .filter((file) => file !== 'index.ts')
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
}

/** Modules k6 provides (`k6`, `k6/http`...) or fetches itself (`https://jslib.k6.io/...`). */
const EXTERNAL = /^(k6|https?:\/\/)(\/.*)?/;

/** @param {{ outDir?: string }} [env] `webpack --env outDir=...` writes elsewhere (the bundle test does). */
function webpackConfig(env = {}) {
  return {
    mode: 'production',
    context: __dirname,
    target: ['web', 'es2015'],
    entry: Object.fromEntries(entryScripts().map((name) => [name, `./src/${name}.ts`])),
    output: {
      path: env.outDir ? path.resolve(env.outDir) : path.join(__dirname, 'dist'),
      filename: '[name].js',
      module: true,
      library: { type: 'module' },
      chunkFormat: 'module',
      clean: true,
    },
    experiments: { outputModule: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{ test: /\.ts$/, loader: 'esbuild-loader', options: { loader: 'ts', target: 'es2015' } }],
    },
    externalsType: 'module',
    externals: [EXTERNAL],
    // Readable bundles: they are what users debug when k6 reports a line number.
    optimization: { minimize: false },
    devtool: 'source-map',
    performance: { hints: false },
    stats: 'errors-warnings',
  };
}

module.exports = webpackConfig;
module.exports.entryScripts = entryScripts;

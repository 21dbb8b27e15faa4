// Bundles each entry script (src/<test type>.ts) into dist/<test type>.js for k6 0.45-0.56, which cannot
// run TypeScript (k6 strips types itself only from 0.57 on). One self-contained CommonJS script per test:
// the TypeScript is compiled by esbuild-loader to ES2017, the syntax k6's older JavaScript engine accepts
// (ES2015 plus native async/await, which the browser test needs: esbuild's ES2015 lowering of async
// functions calls Function.prototype.apply with null arguments, which k6 0.47's engine rejects),
// and k6's own modules stay `require("k6/...")` calls for k6 to resolve. CommonJS rather than an ES module
// because k6 before 0.52 turns ES modules into CommonJS with Babel on every start, which takes about 15 s for
// one of these bundles (measured with k6 0.47, `k6 run -v`: "Babel: Transformed t=14.9s"); a CommonJS
// bundle starts at once, and k6 0.52+ runs both. Remote (https://) modules are not allowed at all: k6
// fetches them when the script starts, which fails without internet (build/remote-modules.test.ts).
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

/** Modules k6 provides (`k6`, `k6/http`, `k6/experimental/browser`...). */
const EXTERNAL = /^k6(\/.*)?$/;

/** @param {{ outDir?: string }} [env] `webpack --env outDir=...` writes elsewhere (the bundle test does). */
function webpackConfig(env = {}) {
  return {
    mode: 'production',
    context: __dirname,
    target: ['web', 'es2017'],
    entry: Object.fromEntries(entryScripts().map((name) => [name, `./src/${name}.ts`])),
    output: {
      path: env.outDir ? path.resolve(env.outDir) : path.join(__dirname, 'dist'),
      filename: '[name].js',
      // module.exports = { default, options, handleSummary, ... }: what k6 reads from a CommonJS script.
      library: { type: 'commonjs2' },
      chunkFormat: 'commonjs',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{ test: /\.ts$/, loader: 'esbuild-loader', options: { loader: 'ts', target: 'es2017' } }],
    },
    externalsType: 'commonjs',
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

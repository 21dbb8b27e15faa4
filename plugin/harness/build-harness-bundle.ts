import { existsSync, readdirSync, statSync } from 'fs';
import path from 'path';
import webpack from 'webpack';

/** Where the harness bundle is written (gitignored). */
export const HARNESS_BUILD_DIR = path.join(__dirname, 'dist');
const ENTRY_DIR = path.join(__dirname, 'entry');
const BUNDLE = path.join(HARNESS_BUILD_DIR, 'harness.js');

function newestSource(): number {
  return Math.max(...readdirSync(ENTRY_DIR).map((file) => statSync(path.join(ENTRY_DIR, file)).mtimeMs));
}

/**
 * Bundles the harness entry with the real React, @grafana/data, @grafana/ui and @grafana/runtime: the
 * packages Grafana shares with plugins at runtime. @grafana/scenes is not among them: it is inside
 * dist/module.js, as in Grafana. Rebuilt only when an entry file is newer than the bundle.
 */
export async function buildHarnessBundle(): Promise<string> {
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs > newestSource()) {
    return BUNDLE;
  }
  const compiler = webpack({
    mode: 'production',
    devtool: false,
    entry: path.join(ENTRY_DIR, 'harness-entry.tsx'),
    output: {
      path: HARNESS_BUILD_DIR,
      filename: 'harness.js',
      chunkFilename: 'harness-[name].js',
      publicPath: '/harness/',
    },
    resolve: { extensions: ['.tsx', '.ts', '.js', '.mjs'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: { jsc: { target: 'es2020', parser: { syntax: 'typescript', tsx: true } } },
          },
        },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(svg|png|woff2?)$/, type: 'asset/resource' },
        // Some @grafana packages import without file extensions inside ESM.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
      ],
    },
    performance: { hints: false },
    optimization: { minimize: false },
  });
  await new Promise<void>((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error || stats?.hasErrors()) {
        reject(error ?? new Error(stats?.toString({ all: false, errors: true })));
      } else {
        resolve();
      }
    })
  );
  return BUNDLE;
}

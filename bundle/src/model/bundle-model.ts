/**
 * What a bundler built, whichever bundler it was: entries, the files each loads before the page can run
 * (its initial files), the modules inside each file, and the npm package each module came from.
 */
export interface BundleModel {
  /** Which reader produced it: `webpack-stats`, `esbuild-metafile` or `built-files`. */
  source: BundleSource;
  /** The stats or metafile path, or the built directory; shown in the report's summary. */
  origin: string;
  entries: BundleEntry[];
  outputs: OutputFile[];
}

export type BundleSource = 'webpack-stats' | 'esbuild-metafile' | 'built-files';

/** An entry point and the files a browser must load before it runs (lazy chunks excluded). */
export interface BundleEntry {
  name: string;
  /** Output file names, relative to the output directory. */
  initialFiles: string[];
}

/** One emitted file. */
export interface OutputFile {
  /** Relative to the output directory, with `/` separators. */
  name: string;
  kind: OutputKind;
  /** Size as the bundler reported it (uncompressed). */
  sizeBytes: number;
  modules: BundleModule[];
}

export type OutputKind = 'js' | 'css' | 'map' | 'other';

/** One source module inside an output file. */
export interface BundleModule {
  /** The module's path as the bundler names it, relative to the project. */
  path: string;
  /**
   * Bytes it takes in the output: esbuild's `bytesInOutput`; webpack's module `size` (its source after
   * loaders, before minification, the only per-module size webpack's stats report).
   */
  sizeBytes: number;
  /** The npm package it belongs to, when its path runs through node_modules. */
  package?: PackageRef;
  /** Module format, when the bundler says (esbuild's `format`). */
  format?: 'esm' | 'cjs';
  /** Exports the module provides and the ones the bundle uses (webpack stats with usedExports). */
  exports?: { provided: number; used: number };
}

/** An installed copy of a package: its name, its version when its package.json is readable, and where. */
export interface PackageRef {
  name: string;
  version: string;
  /** The package's folder, e.g. `node_modules/a/node_modules/lib`; two copies differ here. */
  installPath: string;
}

/** The kind of an output file from its name. */
export function outputKind(name: string): OutputKind {
  if (name.endsWith('.map')) return 'map';
  if (/\.(m|c)?js$/.test(name)) return 'js';
  if (name.endsWith('.css')) return 'css';
  return 'other';
}

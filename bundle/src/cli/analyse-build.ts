import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisReport } from '@perflens/analysis';
import { type BundleBudget, DEFAULT_BUNDLE_BUDGET, loadBundleBudget } from '../budget/bundle-budget';
import { BUNDLE_CHECKS } from '../checks/bundle-check-catalogue';
import type { BundleModel } from '../model/bundle-model';
import { BundleInputError } from '../readers/bundle-input-error';
import { readBuiltDirectory } from '../readers/built-directory';
import { type BuiltFiles, readBuiltFiles } from '../readers/built-files';
import { isEsbuildMetafile, readEsbuildMetafile } from '../readers/esbuild-metafile';
import { isWebpackStats, readWebpackStats } from '../readers/webpack-stats';
import { buildBundleReport } from '../report/bundle-report';

/** What to analyse: one bundler output, its built files and a budget. */
export interface BuildAnalysisOptions {
  stats?: string;
  metafile?: string;
  dir?: string;
  /** With `dir` alone: the entry files (default every top-level .js file). */
  entries?: string[];
  /** The folder module paths are relative to (webpack's context, esbuild's working directory). */
  root?: string;
  budget?: string;
}

/** Reads the inputs, runs every bundle check, and returns the report. */
export function analyseBuild(
  options: BuildAnalysisOptions,
  clock: () => number = () => performance.now() / 1000,
): AnalysisReport {
  const started = clock();
  const root = path.resolve(options.root ?? '.');
  const budget: BundleBudget = options.budget ? loadBundleBudget(options.budget) : DEFAULT_BUNDLE_BUDGET;
  const files: BuiltFiles | undefined = options.dir ? readBuiltFiles(options.dir) : undefined;
  const model = readModel(options, root, files);
  const describe = `bundle ${model.origin} (${model.source.replace('-', ' ')}, ${model.entries.length} entr${model.entries.length === 1 ? 'y' : 'ies'})`;
  return buildBundleReport(
    BUNDLE_CHECKS,
    { model, ...(files ? { files } : {}), budget, budgetSource: options.budget ? 'config' : 'default' },
    describe,
    clock() - started,
  );
}

function readModel(options: BuildAnalysisOptions, root: string, files: BuiltFiles | undefined): BundleModel {
  const file = options.stats ?? options.metafile;
  if (!file) {
    if (!files)
      throw new BundleInputError('nothing to analyse: give a stats file, a metafile or a directory');
    return readBuiltDirectory(files, root, options.entries);
  }
  const json = readJson(file);
  if (options.stats) {
    if (!isWebpackStats(json))
      throw new BundleInputError(
        `--stats ${file} has no entrypoints and chunks: is it webpack stats JSON (webpack --json)?`,
      );
    return readWebpackStats(json, file, root);
  }
  if (!isEsbuildMetafile(json))
    throw new BundleInputError(
      `--metafile ${file} has no inputs and outputs: is it an esbuild metafile (metafile: true)?`,
    );
  return readEsbuildMetafile(json, file, root);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BundleInputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BundleInputError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

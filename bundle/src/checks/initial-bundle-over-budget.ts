import type { CheckMetadata } from '@perflens/analysis';
import { gzipSync } from 'node:zlib';
import { entryBudgetOf } from '../budget/bundle-budget';
import { type BundleModel, outputKind } from '../model/bundle-model';
import type { BuiltFiles } from '../readers/built-files';
import { formatBytes } from '../report/bundle-finding';
import type { BundleCheck, BundleFindingDraft } from './bundle-check';

export const initialBundleOverBudgetCheck: CheckMetadata = {
  id: 'frontend.initial-bundle-over-budget',
  layer: 'frontend',
  title: 'Initial JavaScript or CSS over budget',
  whyItMatters:
    'Everything an entry loads before it runs is downloaded, parsed and executed before the page paints or ' +
    'answers input: it pushes First Contentful Paint, Largest Contentful Paint and Interaction to Next Paint.',
  scoring: 'The bytes over the budget, compressed: 2 KiB over is one point, 200 KiB or more is 100.',
  thresholds:
    'initialJsGzipBytes (default 170 KiB, web.dev "Your first performance budget") and initialCssGzipBytes ' +
    '(default 50 KiB) per entry, and totalJsGzipBytes (no default) for all JavaScript, compressed with gzip at ' +
    'its default level; the budget file sets them.',
  remedy:
    'Split what the first screen does not need into chunks loaded with import(), drop or replace the largest ' +
    'packages, and defer non-critical CSS.',
};

/** Gzip at zlib's default level, what most servers send; the bundler's own size when files were not given. */
function transferBytes(model: BundleModel, files: BuiltFiles | undefined, name: string): number {
  const content = files?.files.get(name);
  if (content) return gzipSync(content).length;
  return model.outputs.find((output) => output.name === name)?.sizeBytes ?? 0;
}

export const initialBundleOverBudget: BundleCheck = {
  metadata: initialBundleOverBudgetCheck,
  run({ model, files, budget, budgetSource }) {
    const drafts: BundleFindingDraft[] = [];
    const measure = files ? 'gzip' : 'uncompressed, no --dir given';
    for (const entry of model.entries) {
      const limits = entryBudgetOf(budget, entry.name);
      for (const kind of ['js', 'css'] as const) {
        const initial = entry.initialFiles.filter((name) => outputKind(name) === kind);
        const bytes = initial.reduce((sum, name) => sum + transferBytes(model, files, name), 0);
        const limit = kind === 'js' ? limits.initialJsGzipBytes : limits.initialCssGzipBytes;
        if (bytes <= limit) continue;
        const label = kind === 'js' ? 'JavaScript' : 'CSS';
        drafts.push({
          target: { entry: entry.name, type: kind },
          severity: 'critical',
          title: `Entry ${entry.name} loads ${formatBytes(bytes)} of initial ${label} (${measure}), over its budget of ${formatBytes(limit)}`,
          evidence: [
            {
              label: `initial ${label} (${measure}) of ${initial.join(', ')}`,
              query: `${model.origin} entry ${entry.name}`,
              value: bytes,
              unit: 'bytes',
              threshold: limit,
              thresholdSource: budgetSource,
            },
          ],
          action:
            kind === 'js'
              ? `Load what entry ${entry.name} does not need for its first screen with import() (its own chunk), and replace or drop the largest packages it bundles`
              : `Inline the CSS of the first screen and load the rest of entry ${entry.name}'s CSS without blocking (media="print" onload, or per-route CSS chunks)`,
          savedBytes: bytes - limit,
          effort: 'medium',
        });
      }
    }
    if (budget.totalJsGzipBytes !== undefined) {
      const scripts = model.outputs.filter((output) => output.kind === 'js');
      const bytes = scripts.reduce((sum, output) => sum + transferBytes(model, files, output.name), 0);
      if (bytes > budget.totalJsGzipBytes) {
        drafts.push({
          target: { entry: '(all files)', type: 'js' },
          severity: 'critical',
          title: `The build's ${scripts.length} JavaScript files weigh ${formatBytes(bytes)} (${measure}), over the total budget of ${formatBytes(budget.totalJsGzipBytes)}`,
          evidence: [
            {
              label: `all JavaScript (${measure})`,
              query: `${model.origin} *.js`,
              value: bytes,
              unit: 'bytes',
              threshold: budget.totalJsGzipBytes,
              thresholdSource: budgetSource,
            },
          ],
          action: 'Find what grew with the largest-packages findings and drop, replace or narrow it',
          savedBytes: bytes - budget.totalJsGzipBytes,
          effort: 'medium',
        });
      }
    }
    return drafts;
  },
};

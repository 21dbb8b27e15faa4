import type { CheckMetadata } from '@perflens/analysis';
import { packageTotals } from '../model/package-totals';
import { formatBytes } from '../report/bundle-finding';
import type { BundleCheck, BundleFindingDraft } from './bundle-check';
import { looksMinified } from './whitespace-and-comments';

export const partlyUsedDependenciesCheck: CheckMetadata = {
  id: 'frontend.partly-used-dependencies',
  layer: 'frontend',
  title: 'Large dependency only partly used',
  whyItMatters:
    'A large package of which the page uses a few functions ships all the others too; Lighthouse reports the ' +
    'same waste as "Reduce unused JavaScript".',
  scoring:
    'The unused share of the package times its size, an estimate of the bytes saved: 2 KiB is one point, ' +
    '200 KiB or more is 100.',
  thresholds:
    'Packages of partlyUsedMinBytes (default 20 KiB) or more using at most partlyUsedMaxShare (default 0.5) of ' +
    'their exports. Needs export usage, which webpack stats carry (usedExports, providedExports) and esbuild ' +
    'metafiles do not; skipped for files a minifier already tree-shook.',
  remedy:
    'Import only what is used from an ES-module build of the package (lodash-es, per-function imports), so ' +
    'tree shaking drops the rest, or replace it with a smaller package.',
};

export const partlyUsedDependencies: BundleCheck = {
  metadata: partlyUsedDependenciesCheck,
  run({ model, files, budget, budgetSource }) {
    const drafts: BundleFindingDraft[] = [];
    for (const total of packageTotals(model)) {
      if (!total.exports || total.exports.provided === 0 || total.sizeBytes < budget.partlyUsedMinBytes)
        continue;
      const share = total.exports.used / total.exports.provided;
      if (share > budget.partlyUsedMaxShare) continue;
      // Module sizes in webpack stats are from before minification: a minifier has already dropped unused
      // exports from a minified file, so only unminified output still carries them.
      const minified = total.outputs.some((name) => {
        const content = files?.files.get(name);
        return content !== undefined && looksMinified(content.toString('utf8'));
      });
      if (minified) continue;
      const savedBytes = Math.round(total.sizeBytes * (1 - share));
      const name = `${total.package.name}@${total.package.version}`;
      drafts.push({
        target: { package: total.package.name, version: total.package.version },
        severity: 'warning',
        title: `${name} adds ${formatBytes(total.sizeBytes)} but the bundle uses ${total.exports.used} of its ${total.exports.provided} exports`,
        evidence: [
          {
            label: `share of ${name}'s exports used`,
            query: `${model.origin} package ${total.package.installPath} usedExports/providedExports`,
            value: Math.round(share * 1000) / 1000,
            unit: 'ratio',
            threshold: budget.partlyUsedMaxShare,
            thresholdSource: budgetSource,
          },
          {
            label: `size of ${name} in the bundle`,
            query: `${model.origin} package ${total.package.installPath}`,
            value: total.sizeBytes,
            unit: 'bytes',
            threshold: budget.partlyUsedMinBytes,
            thresholdSource: budgetSource,
          },
        ],
        action: `Import only the ${total.exports.used} export${total.exports.used === 1 ? '' : 's'} used from ${total.package.name} (per-function imports or its ES-module build) and build with minification so the rest is dropped, or replace it`,
        savedBytes,
        effort: 'medium',
      });
    }
    return drafts;
  },
};

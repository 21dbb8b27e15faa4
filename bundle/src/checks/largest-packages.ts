import type { CheckMetadata } from '@perflens/analysis';
import { packageTotals } from '../model/package-totals';
import { formatBytes } from '../report/bundle-finding';
import type { BundleCheck, BundleFindingDraft } from './bundle-check';

export const largestPackagesCheck: CheckMetadata = {
  id: 'frontend.largest-packages',
  layer: 'frontend',
  title: 'Largest packages and modules',
  whyItMatters:
    'A few packages or modules usually make up most of a bundle; they are where a lighter alternative, a ' +
    'lazy import or a narrower import saves the most.',
  scoring: 'The module or package size: 2 KiB is one point, 200 KiB or more is 100.',
  thresholds:
    'largeModuleBytes (default 50 KiB) and at most largestCount (default 5) of each kind, from the budget file.',
  remedy: 'Load it lazily where only some pages need it, or replace it with a smaller package.',
};

export const largestPackages: BundleCheck = {
  metadata: largestPackagesCheck,
  run({ model, budget, budgetSource }) {
    const threshold = budget.largeModuleBytes;
    const drafts: BundleFindingDraft[] = packageTotals(model)
      .filter((total) => total.sizeBytes >= threshold)
      .slice(0, budget.largestCount)
      .map((total) => ({
        target: { package: total.package.name, version: total.package.version },
        severity: 'info',
        title: `Package ${total.package.name}@${total.package.version} adds ${formatBytes(total.sizeBytes)} in ${total.moduleCount} module${total.moduleCount === 1 ? '' : 's'} to ${total.outputs.slice(0, 3).join(', ')}${total.outputs.length > 3 ? ` and ${total.outputs.length - 3} more files` : ''}`,
        evidence: [
          {
            label: `size of ${total.package.installPath} in the bundle`,
            query: `${model.origin} package ${total.package.installPath}`,
            value: total.sizeBytes,
            unit: 'bytes',
            threshold,
            thresholdSource: budgetSource,
          },
        ],
        action: `Import ${total.package.name} with import() where only some pages need it, or replace it with a smaller package`,
        savedBytes: total.sizeBytes,
        effort: 'medium',
      }));
    const firstParty = new Map<string, number>();
    for (const output of model.outputs) {
      for (const module of output.modules) {
        if (!module.package)
          firstParty.set(module.path, (firstParty.get(module.path) ?? 0) + module.sizeBytes);
      }
    }
    const largeModules = [...firstParty]
      .filter(([, bytes]) => bytes >= threshold)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, budget.largestCount);
    for (const [modulePath, bytes] of largeModules) {
      drafts.push({
        target: { module: modulePath },
        severity: 'info',
        title: `Module ${modulePath} adds ${formatBytes(bytes)} to the bundle`,
        evidence: [
          {
            label: `size of ${modulePath} in the bundle`,
            query: `${model.origin} module ${modulePath}`,
            value: bytes,
            unit: 'bytes',
            threshold,
            thresholdSource: budgetSource,
          },
        ],
        action: `Split ${modulePath} so the first screen loads only what it shows, or move its data out of the bundle (fetch it)`,
        savedBytes: bytes,
        effort: 'medium',
      });
    }
    return drafts;
  },
};

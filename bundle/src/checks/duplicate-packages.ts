import type { CheckMetadata } from '@perflens/analysis';
import { type PackageTotal, packageTotals } from '../model/package-totals';
import { formatBytes } from '../report/bundle-finding';
import type { BundleCheck, BundleFindingDraft } from './bundle-check';

export const duplicatePackagesCheck: CheckMetadata = {
  id: 'frontend.duplicate-packages',
  layer: 'frontend',
  title: 'Package bundled in more than one version',
  whyItMatters:
    'Two installed copies of one package ship the same code twice, and stateful packages (React, a store) ' +
    'misbehave when two copies run.',
  scoring: 'The bytes of every copy but the largest: 2 KiB is one point, 200 KiB or more is 100.',
  thresholds:
    'Any package at two or more install paths; allowDuplicatePackages in the budget file exempts some.',
  remedy:
    'Align the version ranges of the packages that depend on it, or dedupe with npm dedupe / overrides.',
};

export const duplicatePackages: BundleCheck = {
  metadata: duplicatePackagesCheck,
  run({ model, budget }) {
    const byName = new Map<string, PackageTotal[]>();
    for (const total of packageTotals(model)) {
      byName.set(total.package.name, [...(byName.get(total.package.name) ?? []), total]);
    }
    const drafts: BundleFindingDraft[] = [];
    for (const [name, found] of byName) {
      const copies = installedCopies(found);
      if (copies.length < 2 || budget.allowDuplicatePackages.includes(name)) continue;
      // packageTotals sorts largest first: the largest copy stays, the others go.
      const savedBytes = copies.slice(1).reduce((sum, copy) => sum + copy.sizeBytes, 0);
      const versions = copies.map(
        (copy) => `${copy.package.version} (${copy.package.installPath}, ${formatBytes(copy.sizeBytes)})`,
      );
      drafts.push({
        target: { package: name },
        severity: 'warning',
        title: `Package ${name} is bundled ${copies.length} times: ${versions.join(', ')}`,
        evidence: copies.map((copy) => ({
          label: `size of ${name}@${copy.package.version} at ${copy.package.installPath}`,
          query: `${model.origin} package ${copy.package.installPath}`,
          value: copy.sizeBytes,
          unit: 'bytes' as const,
        })),
        action: `Make every dependant accept ${name}@${copies[0]?.package.version} so npm installs one copy (npm dedupe, or "overrides" in package.json), then rebuild`,
        savedBytes,
        effort: 'low',
        config: `"overrides": { "${name}": "${copies[0]?.package.version}" }`,
      });
    }
    return drafts;
  },
};

/**
 * The copies that are real installs: when some copies' package.json was found, a copy without one is the
 * same package seen through a path inside its own source map (`javascript/node_modules/x`), not a second
 * install. When none was found (no node_modules at hand), every install path counts.
 */
function installedCopies(copies: PackageTotal[]): PackageTotal[] {
  const known = copies.filter((copy) => copy.package.version !== 'unknown');
  return known.length > 0 ? known : copies;
}

import type { BundleModel, PackageRef } from './bundle-model';

/** One installed copy of a package and what it adds to the JavaScript and CSS outputs. */
export interface PackageTotal {
  package: PackageRef;
  sizeBytes: number;
  moduleCount: number;
  /** Output files it is in. */
  outputs: string[];
  /** Summed over its modules that report exports (webpack stats); absent when none do. */
  exports?: { provided: number; used: number };
}

/** Totals per installed copy (install path), largest first. */
export function packageTotals(model: BundleModel): PackageTotal[] {
  const totals = new Map<string, PackageTotal>();
  for (const output of model.outputs) {
    if (output.kind !== 'js' && output.kind !== 'css') continue;
    for (const module of output.modules) {
      if (!module.package) continue;
      const total = totals.get(module.package.installPath) ?? {
        package: module.package,
        sizeBytes: 0,
        moduleCount: 0,
        outputs: [],
      };
      total.sizeBytes += module.sizeBytes;
      total.moduleCount += 1;
      if (!total.outputs.includes(output.name)) total.outputs.push(output.name);
      if (module.exports) {
        total.exports = {
          provided: (total.exports?.provided ?? 0) + module.exports.provided,
          used: (total.exports?.used ?? 0) + module.exports.used,
        };
      }
      totals.set(module.package.installPath, total);
    }
  }
  return [...totals.values()].sort(
    (a, b) => b.sizeBytes - a.sizeBytes || a.package.installPath.localeCompare(b.package.installPath),
  );
}

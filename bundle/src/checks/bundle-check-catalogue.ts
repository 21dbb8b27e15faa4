import type { BundleCheck } from './bundle-check';
import { duplicatePackages } from './duplicate-packages';
import { initialBundleOverBudget } from './initial-bundle-over-budget';
import { largestPackages } from './largest-packages';
import { partlyUsedDependencies } from './partly-used-dependencies';
import { shippedSourceMaps } from './shipped-source-maps';
import { unminifiedCode } from './unminified-code';

/** Every bundle check, in the order docs/bundle.md lists them. */
export const BUNDLE_CHECKS: readonly BundleCheck[] = [
  initialBundleOverBudget,
  largestPackages,
  duplicatePackages,
  unminifiedCode,
  shippedSourceMaps,
  partlyUsedDependencies,
];

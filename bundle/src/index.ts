// Public surface of @perflens/bundle: `perflens bundle` (front-end bundle and served-asset analysis) and
// the pieces other tools and tests drive directly.
export { registerBundleCommand, runBundle, type BundleOutcome } from './cli/bundle-command';
export { analyseBuild, type BuildAnalysisOptions } from './cli/analyse-build';
export { analysePage, servedChecks } from './served/analyse-page';
export { linkPoorVitals, type RumSource } from './served/rum-causes';
export { BUNDLE_CHECKS } from './checks/bundle-check-catalogue';
export {
  bundleBudgetSchema,
  DEFAULT_BUNDLE_BUDGET,
  loadBundleBudget,
  type BundleBudget,
} from './budget/bundle-budget';
export { formatBundleReport, BUNDLE_FORMATS, type BundleFormat } from './report/format-bundle-report';
export { BundleInputError } from './readers/bundle-input-error';
export type { BundleModel, BundleEntry, OutputFile, BundleModule, PackageRef } from './model/bundle-model';

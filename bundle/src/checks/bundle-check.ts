import type { CheckMetadata, Severity } from '@perflens/analysis';
import type { BundleBudget } from '../budget/bundle-budget';
import type { BundleModel } from '../model/bundle-model';
import type { BuiltFiles } from '../readers/built-files';
import type { BundleEvidence } from '../report/bundle-finding';

/** What every bundle check reads: the model, the built files when `--dir` was given, and the budget. */
export interface BundleCheckInput {
  model: BundleModel;
  files?: BuiltFiles;
  budget: BundleBudget;
  /** `config` when a budget file was given, else `default`: the evidence's threshold source. */
  budgetSource: 'config' | 'default';
}

/** What a bundle check decides about one target; bundle-finding.ts turns it into a Finding. */
export interface BundleFindingDraft {
  target: Record<string, string>;
  severity: Severity;
  title: string;
  evidence: BundleEvidence[];
  /** What to change, and the bytes it saves (the number the impact score is computed from). */
  action: string;
  savedBytes: number;
  effort: 'low' | 'medium' | 'high';
  config?: string;
}

/** A check: its metadata (docs/bundle.md lists them) and a pure function from the input to drafts. */
export interface BundleCheck {
  metadata: CheckMetadata;
  run(input: BundleCheckInput): BundleFindingDraft[];
}

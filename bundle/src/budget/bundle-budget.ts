import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BundleInputError } from '../readers/bundle-input-error';

const KIB = 1024;

const entryBudget = z
  .object({
    initialJsGzipBytes: z.number().int().positive().optional(),
    initialCssGzipBytes: z.number().int().positive().optional(),
  })
  .strict();

/**
 * The budget file (docs/bundle.md, "Budget file"; example in bundle/examples/bundle-budget.example.json).
 * Every field is optional; the defaults follow web.dev and Lighthouse guidance:
 * - 170 KiB of gzip-compressed JavaScript on the critical path: web.dev, "Your first performance budget"
 *   (https://web.dev/articles/your-first-performance-budget), from Alex Russell's budget for a median phone on
 *   a slow 4G network reaching interactive in about 5 s;
 * - 50 KiB of compressed CSS: CSS blocks rendering (web.dev, "Defer non-critical CSS"); Lighthouse's budget.json
 *   sets no default per type, so this is a quarter of the script budget, the usual share in HTTP Archive's
 *   median page (https://httparchive.org/reports/page-weight);
 * - modules and packages from 50 KiB are listed as the largest: Lighthouse's "Reduce unused JavaScript" audit
 *   looks at scripts from 20 KiB of waste, and a package of 50 KiB is worth a look on its own;
 * - a dependency of 20 KiB or more of which at most half the exports are used is "partly used" (the same
 *   20 KiB floor as that Lighthouse audit).
 */
export const bundleBudgetSchema = z
  .object({
    initialJsGzipBytes: z
      .number()
      .int()
      .positive()
      .default(170 * KIB),
    initialCssGzipBytes: z
      .number()
      .int()
      .positive()
      .default(50 * KIB),
    /** Optional: all JavaScript of the build, lazy chunks included; catches growth the entries do not load. */
    totalJsGzipBytes: z.number().int().positive().optional(),
    /** Per-entry overrides, by entry name. */
    entries: z.record(z.string(), entryBudget).default({}),
    largeModuleBytes: z
      .number()
      .int()
      .positive()
      .default(50 * KIB),
    /** At most this many largest modules and packages are listed. */
    largestCount: z.number().int().min(0).default(5),
    partlyUsedMinBytes: z
      .number()
      .int()
      .positive()
      .default(20 * KIB),
    partlyUsedMaxShare: z.number().min(0).max(1).default(0.5),
    /** Source maps beside the built files are expected (a library or a Grafana plugin that ships them). */
    allowSourceMaps: z.boolean().default(false),
    /** Packages allowed in more than one version. */
    allowDuplicatePackages: z.array(z.string()).default([]),
  })
  .strict();

export type BundleBudget = z.infer<typeof bundleBudgetSchema>;

/** The budget with every default, for runs without a budget file. */
export const DEFAULT_BUNDLE_BUDGET: BundleBudget = bundleBudgetSchema.parse({});

/** The budget of one entry: its override or the global one. */
export function entryBudgetOf(
  budget: BundleBudget,
  entry: string,
): { initialJsGzipBytes: number; initialCssGzipBytes: number } {
  const own = budget.entries[entry];
  return {
    initialJsGzipBytes: own?.initialJsGzipBytes ?? budget.initialJsGzipBytes,
    initialCssGzipBytes: own?.initialCssGzipBytes ?? budget.initialCssGzipBytes,
  };
}

/**
 * Reads and validates a budget file. JSON (which is also YAML's flow syntax); the message names the file
 * and the field that is wrong.
 */
export function loadBundleBudget(file: string): BundleBudget {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BundleInputError(`cannot read budget file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BundleInputError(`budget file ${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = bundleBudgetSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
    throw new BundleInputError(`budget file ${file} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

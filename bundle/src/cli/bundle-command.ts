import type { Command, CommanderError } from 'commander';
import { type AnalysisReport, atLeast } from '@perflens/analysis';
import { BUNDLE_CHECKS } from '../checks/bundle-check-catalogue';
import { BundleInputError } from '../readers/bundle-input-error';
import { formatBundleReport } from '../report/format-bundle-report';
import { analysePageFromFlags } from '../served/analyse-page';
import { analyseBuild } from './analyse-build';
import {
  type BundleFlags,
  BundleUsageError,
  type FailOn,
  inputKind,
  parseBundleFormat,
  parseFailOn,
} from './bundle-options';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Exit code of one run and, unless 0, why. */
export interface BundleOutcome {
  exitCode: number;
  message?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Registers `perflens bundle` (docs/bundle.md). */
export function registerBundleCommand(program: Command): void {
  const command = program
    .command('bundle')
    .description(
      'front-end bundle and served-asset analysis: budgets, largest and duplicate packages, minification, source maps, compression, caching',
    )
    .option('--stats <file>', 'webpack stats JSON (webpack --json, or stats.toJson())')
    .option('--metafile <file>', 'esbuild metafile (metafile: true)')
    .option(
      '--dir <folder>',
      'the built files (sizes, compression, minification, source maps); alone, reads their source maps',
    )
    .option(
      '--entry <file>',
      'with --dir alone: an entry file (repeatable; default every top-level .js file)',
      collect,
    )
    .option(
      '--root <folder>',
      'folder module paths are relative to: webpack context, esbuild working directory (default: .)',
    )
    .option(
      '--url <page>',
      'a served page: compression, Cache-Control, render-blocking assets, image sizes (Chromium)',
    )
    .option(
      '--prometheus <url>',
      "with --url: link the page's real-user LCP (perflens exporter RUM) to its findings",
    )
    .option('--job <job>', 'with --prometheus: the Prometheus job of the service')
    .option(
      '--page <pattern>',
      "with --prometheus or --publish: the page's RUM label (data-page; default the URL's path)",
    )
    .option('--range <duration>', 'with --prometheus: the web vitals window ending now (default 15m)')
    .option(
      '--publish <exporter>',
      "with --url: send the page's summary to the exporter (POST /api/v1/frontend-assets), for the analysis engine",
    )
    .option('--token-file <file>', "with --publish: the exporter's frontendAssets bearer token")
    .option('--budget <file>', 'budget file (JSON; see bundle/examples/bundle-budget.example.json)')
    .option(
      '--chromium <path>',
      'Chromium for --url image checks (default: PERFLENS_CHROMIUM or /usr/bin/chromium)',
    )
    .option('--format <format>', 'table, markdown, json or junit', 'table')
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding at or above this exists: critical, warning, info or never',
      'critical',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 no finding at or above --fail-on; 1 at least one; 2 bad flag, unreadable input or budget file.',
    )
    .action(async (flags: BundleFlags) => {
      const outcome = await runBundle(flags, (text) => process.stdout.write(text));
      if (outcome.exitCode !== EXIT_OK) {
        command.showHelpAfterError(false);
        command.error(`perflens bundle: ${outcome.message}`, {
          exitCode: outcome.exitCode,
          code: 'perflens.bundle',
        });
      }
    });
  // Commander's own usage errors exit 1; the contract says 2 for bad usage (1 means "findings").
  command.exitOverride((error: CommanderError) => {
    if (error.code.startsWith('commander.') && error.exitCode === 1) error.exitCode = EXIT_USAGE;
    throw error;
  });
}

/** Runs one analysis from parsed flags and writes the report. */
export async function runBundle(flags: BundleFlags, write: (text: string) => void): Promise<BundleOutcome> {
  try {
    const format = parseBundleFormat(flags.format);
    const failOn = parseFailOn(flags.failOn);
    const kind = inputKind(flags);
    const { report, checks } =
      kind === 'url'
        ? await analysePageFromFlags(flags)
        : {
            report: analyseBuild({ ...flags, ...(flags.entry ? { entries: flags.entry } : {}) }),
            checks: BUNDLE_CHECKS.map((c) => c.metadata),
          };
    write(formatBundleReport(report, format, checks, failOn === 'never' ? 'warning' : failOn));
    return gateOutcome(report, failOn);
  } catch (error) {
    if (error instanceof BundleUsageError || error instanceof BundleInputError)
      return { exitCode: EXIT_USAGE, message: error.message };
    throw error;
  }
}

function gateOutcome(report: AnalysisReport, failOn: FailOn): BundleOutcome {
  if (failOn === 'never') return { exitCode: EXIT_OK };
  const failing = report.findings.filter((f) => atLeast(f.severity, failOn));
  if (failing.length === 0) return { exitCode: EXIT_OK };
  return {
    exitCode: EXIT_FINDINGS,
    message: `${failing.length} finding${failing.length > 1 ? 's' : ''} at or above ${failOn}`,
  };
}

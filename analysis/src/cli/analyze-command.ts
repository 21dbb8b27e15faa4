import type { Command, CommanderError } from 'commander';
import { analyze } from '../analyze';
import { atLeast } from '../findings/finding';
import type { AnalysisReport } from '../report/analysis-report';
import { formatJson } from '../report/format-json';
import { formatJunit } from '../report/format-junit';
import { formatMarkdown } from '../report/format-markdown';
import { formatTable } from '../report/format-table';
import { createHttpPrometheusClient, DEADLINE_TIMEOUTS } from '../sources/http-prometheus-client';
import { PrometheusUnreachableError } from '../sources/prometheus-client';
import { resolveThresholds, ThresholdsConfigError } from '../thresholds/resolve-thresholds';
import {
  type AnalyzeFlags,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeFor,
  type FailOn,
  parseFailOn,
  parseFormat,
  parsePrometheusUrl,
  parseTimeout,
  parseWindow,
  type ReportFormat,
  UsageError,
} from './analyze-options';
import { loadAdvice } from './advice-input';
import { scopeTargetsFrom } from './scope-config';
import { linkBaseFrom } from './link-base';
import { DEFAULT_SLO_FILE, loadSloInput, sloFor } from './slo-input';

/** Renders a report in the chosen format. */
export function renderReport(report: AnalysisReport, format: ReportFormat, failOn: FailOn): string {
  if (format === 'markdown') return formatMarkdown(report);
  if (format === 'json') return formatJson(report);
  if (format === 'junit') return formatJunit(report, failOn === 'never' ? 'warning' : failOn);
  return formatTable(report);
}

/**
 * Registers `perflens analyze`. Takes commander only as a type (the program is passed in) so the engine's
 * index imports no Node-only package; the SLO file is read through a lazy import at the edge.
 */
export function registerAnalyzeCommand(program: Command): void {
  const command = program
    .command('analyze')
    .description(
      'find the bottlenecks of a service in Prometheus, ranked by user impact, with causes and fixes',
    )
    .requiredOption('--prometheus <url>', 'Prometheus base URL, e.g. http://localhost:9090')
    .option('--job <job>', 'Prometheus job of the service (default: the only service of the SLO file)')
    .option(
      '--databases <names>',
      'comma-separated PostgreSQL databases of the job (default: those its statements run in, from labels)',
    )
    .option(
      '--hosts <names>',
      "comma-separated hosts of the job, node metrics' instance or host name (default: the job's instances' hosts)",
    )
    .option(
      '--rum-exporters <names>',
      "comma-separated exporters (instance or host name) whose real-user and asset series are the job's (default: those on its hosts)",
    )
    .option('--range <duration>', 'analyse this long a window ending now (default 15m)')
    .option('--from <time>', 'window start (RFC 3339 or unix seconds), with --to')
    .option('--to <time>', 'window end (RFC 3339 or unix seconds), with --from')
    .option(
      '--testid <id>',
      'k6 test run to judge; without --range or --from/--to, its own window is analysed',
    )
    .option('--baseline-testid <id>', 'k6 test run to compare --testid against')
    .option('--format <format>', 'table, markdown, json or junit', 'table')
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding at or above this exists: critical, warning, info or never',
      'critical',
    )
    .option(
      '--slo <file>',
      'SLO file for latency thresholds and severities, used only when one of its services has the job (default: alert-rules/slo.yaml when present)',
    )
    .option('--spec <file>', 'same as --slo (the spelling perflens slo generate uses)')
    .option('--config <file>', 'JSON file of threshold overrides (see docs/analysis.md)')
    .option(
      '--advice <file>',
      'JSON of perflens advisor --format json: its missing indexes name the columns in the index SQL',
    )
    .option('--advisor-url <url>', "instead of --advice: a running exporter's advisor API (http://host:9187)")
    .option(
      '--advisor-token-file <file>',
      'file with the advisor API viewer token (default: $PERFLENS_ADVISOR_TOKEN)',
    )
    .option(
      '--grafana-url <url>',
      'Grafana base of dashboard links (default: $PERFLENS_GRAFANA_URL, else relative)',
    )
    .option(
      '--runbook-url <url>',
      "base of runbook links (default: this checkout's docs/analysis.md, else the published docs)",
    )
    .option(
      '--timeout <duration>',
      `longest wait for one Prometheus query; the whole analysis gets ${DEADLINE_TIMEOUTS} times it (default 30s)`,
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 no finding at or above --fail-on; 1 at least one; 2 the analysis could not run\n' +
        '(bad flag, SLO or config file, Prometheus unreachable; under --fail-on, a job with no series).',
    )
    .action(async (flags: AnalyzeFlags) => {
      const outcome = await runAnalyze(
        flags,
        (text) => process.stdout.write(text),
        Date.now() / 1000,
        (text) => process.stderr.write(text),
      );
      if (outcome.exitCode !== 0) {
        // Findings or an unreachable Prometheus are not usage mistakes: no "run --help" hint under them.
        command.showHelpAfterError(false);
        command.error(`perflens analyze: ${outcome.message}`, {
          exitCode: outcome.exitCode,
          code: 'perflens.analyze',
        });
      }
    });
  // Commander's own usage errors exit 1; the contract says 2 for bad usage (1 means "findings").
  command.exitOverride((error: CommanderError) => {
    if (error.code.startsWith('commander.') && error.exitCode === 1) error.exitCode = EXIT_USAGE;
    throw error;
  });
}

/** Exit code of one run (0, 1 or 2) and, unless 0, the reason. */
export interface AnalyzeOutcome {
  exitCode: number;
  message?: string;
}

/**
 * Runs one analysis from parsed flags and writes the report; scope warnings (the job has no series) also go
 * to `warn`. Bad usage, an unreachable Prometheus and, under --fail-on, a job with no series give 2.
 */
export async function runAnalyze(
  flags: AnalyzeFlags,
  write: (text: string) => void,
  nowSeconds = Date.now() / 1000,
  warn: (text: string) => void = () => undefined,
): Promise<AnalyzeOutcome> {
  try {
    const format = parseFormat(flags.format);
    const failOn = parseFailOn(flags.failOn);
    const url = parsePrometheusUrl(flags.prometheus);
    const timeoutSeconds = parseTimeout(flags.timeout);
    const links = await linkBaseFrom(flags, process.env);
    const window = parseWindow(flags, nowSeconds);
    if (flags.spec !== undefined && flags.slo !== undefined && flags.spec !== flags.slo)
      throw new UsageError('--spec is another name for --slo: give one SLO file');
    const sloFile = flags.slo ?? flags.spec;
    const input = await loadSloInput({
      ...(sloFile !== undefined ? { slo: sloFile } : {}),
      ...(flags.config !== undefined ? { config: flags.config } : {}),
    });
    const { config, configFile, defaultJob } = input;
    const job = flags.job ?? defaultJob;
    if (!job)
      throw new UsageError(
        input.sloFile
          ? `--job is required: the SLO file ${input.sloFile} does not name exactly one service (its jobs: ${(input.sloJobs ?? []).join(', ') || 'none'})`
          : `--job is required: there is no SLO file to take it from (no --slo, no ${DEFAULT_SLO_FILE} here)`,
      );
    const { slos, use: sloUse } = sloFor(input, job);
    const scopeTargets = scopeTargetsFrom(flags, input.scopeTargets);
    const thresholds = resolveThresholds({ job, slos, config, ...(configFile ? { configFile } : {}) });
    const indexAdvice = await loadAdvice(flags, {
      timeoutSeconds: DEADLINE_TIMEOUTS * timeoutSeconds,
    });
    const analysed = await analyze({
      client: createHttpPrometheusClient({
        url,
        timeoutSeconds,
        deadlineSeconds: DEADLINE_TIMEOUTS * timeoutSeconds,
      }),
      scope: {
        job,
        endSeconds: window.endSeconds,
        rangeSeconds: window.rangeSeconds,
        ...(flags.testid ? { testid: flags.testid } : {}),
        ...(flags.baselineTestid ? { baselineTestid: flags.baselineTestid } : {}),
      },
      rangeFromTest: window.rangeFromTest,
      thresholds,
      indexAdvice,
      scopeTargets,
      links,
    });
    const report: AnalysisReport = analysed.resolvedScope
      ? { ...analysed, resolvedScope: { ...analysed.resolvedScope, slo: sloUse } }
      : analysed;
    write(renderReport(report, format, failOn));
    const warnings = report.resolvedScope?.warnings ?? [];
    for (const warning of warnings) warn(`perflens analyze: warning: ${warning}\n`);
    // A gate on a k6 run that could not be judged (no samples, or its queries failed) must not pass.
    const unjudged = report.skippedLayers.find((s) => s.layer === 'load-test');
    if (flags.testid && unjudged && failOn !== 'never')
      return { exitCode: EXIT_USAGE, message: unjudged.reason };
    // A gate on a job Prometheus has no series of judged nothing (unless it judged a k6 run): it must not pass.
    if (warnings.length > 0 && !flags.testid && failOn !== 'never')
      return {
        exitCode: EXIT_USAGE,
        message: `--fail-on ${failOn} cannot pass: job "${job}" has nothing to judge (see the warning above)`,
      };
    const exitCode = exitCodeFor(report.findings, failOn);
    if (exitCode === EXIT_OK) return { exitCode };
    const failing = report.findings.filter((f) => failOn !== 'never' && atLeast(f.severity, failOn)).length;
    return { exitCode, message: `${failing} finding${failing > 1 ? 's' : ''} at or above ${failOn}` };
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      error instanceof ThresholdsConfigError ||
      error instanceof PrometheusUnreachableError ||
      (error instanceof Error && error.name === 'SloSpecError');
    if (usage) return { exitCode: EXIT_USAGE, message: (error as Error).message };
    throw error;
  }
}

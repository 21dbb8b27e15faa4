import { CommanderError, type Command } from 'commander';
import { parseAdvisorOptions, type AdvisorOptionsInput } from '../advisor-options';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../report/report-format';
import { runAdvisorOnDsn } from '../run-advisor';
import { redactDsn, redactSecrets } from '../connection/dsn';

interface CommandOptions {
  dsn?: string;
  format: string;
  maxStatements: string;
  minCalls: string;
  hypopg: boolean;
  failOn?: string;
}

/**
 * `perflens advisor --dsn ...`: one advisor run printed as a table, Markdown or JSON. With --fail-on the
 * exit code is 2 when a recommendation of that severity or worse is open, for CI gates.
 */
export function registerAdvisorCommand(program: Command): void {
  program
    .command('advisor')
    .description(
      'PostgreSQL advisor: slow statements, index advice checked with hypopg, unused/duplicate/invalid indexes',
    )
    .option('--dsn <url>', 'PostgreSQL connection string (default: $DATABASE_URL)')
    .option('--format <format>', `output: ${REPORT_FORMATS.join(', ')}`, 'table')
    .option('--max-statements <n>', 'statements read from pg_stat_statements, by total time', '100')
    .option('--min-calls <n>', 'ignore statements with fewer calls', '100')
    .option('--no-hypopg', 'use the statistics heuristic even when hypopg is installed')
    .option(
      '--fail-on <severity>',
      'exit with code 2 when a recommendation is this severe or worse (critical, warning, info)',
    )
    .action(async (options: CommandOptions) => {
      const dsn = options.dsn ?? process.env.DATABASE_URL;
      if (!dsn) throw new Error('--dsn is required (or set DATABASE_URL)');
      if (!(REPORT_FORMATS as readonly string[]).includes(options.format)) {
        throw new Error(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${options.format}"`);
      }
      const failOn = options.failOn;
      if (failOn !== undefined && !['critical', 'warning', 'info'].includes(failOn)) {
        throw new Error(`--fail-on must be critical, warning or info, got "${failOn}"`);
      }
      const input: AdvisorOptionsInput = {
        maxStatements: integer('--max-statements', options.maxStatements),
        minCalls: integer('--min-calls', options.minCalls),
        useHypopg: options.hypopg,
      };
      let report;
      try {
        report = await runAdvisorOnDsn(dsn, parseAdvisorOptions(input));
      } catch (error) {
        throw new Error(`advisor on ${redactDsn(dsn)}: ${redactSecrets((error as Error).message, dsn)}`);
      }
      process.stdout.write(formatReport(report, options.format as ReportFormat));
      const order = ['critical', 'warning', 'info'];
      const failing = report.recommendations.filter(
        (r) => order.indexOf(r.severity) <= order.indexOf(failOn ?? ''),
      );
      if (failOn && failing.length > 0) {
        // A CommanderError's exit code is what runProgram returns, so `perflens` exits 2, not 1.
        const message = `perflens advisor: ${failing.length} recommendation(s) at ${failOn} or worse`;
        process.stderr.write(`${message}\n`);
        throw new CommanderError(2, 'perflens.advisor.failOn', message);
      }
    });
}

function integer(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${flag} must be a non-negative integer, got "${value}"`);
  return parsed;
}

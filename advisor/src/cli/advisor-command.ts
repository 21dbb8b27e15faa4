import { CommanderError, type Command } from 'commander';
import { parseAdvisorOptions } from '../advisor-options';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../report/report-format';
import { runAdvisorOnDsn } from '../run-advisor';
import { redactDsn, redactSecrets } from '../connection/dsn';
import { registerApplyCommands } from './apply-command';
import { advisorInputOf, dsnOf, scanWindowOf, type CommandOptions } from './advisor-cli-options';

/**
 * `perflens advisor --dsn ...`: one advisor run printed as a table, Markdown or JSON. Exit codes as for every
 * subcommand (README.md, "Exit codes"): 1 when --fail-on is given and a recommendation of that severity or
 * worse is open (the CI gate), 2 when the command cannot run (bad flag, unreachable database).
 */
export function registerAdvisorCommand(program: Command): void {
  const advisor = program
    .command('advisor')
    .description(
      'PostgreSQL advisor: slow statements, index advice checked with hypopg, unused/duplicate/invalid indexes',
    )
    .option('--dsn <url>', 'PostgreSQL connection string (default: $DATABASE_URL)')
    .option('--format <format>', `output: ${REPORT_FORMATS.join(', ')}`, 'table')
    .option('--max-statements <n>', 'statements read from pg_stat_statements, by total time', '100')
    .option('--min-calls <n>', 'ignore one-off statements with fewer calls (chosen by time share)', '2')
    .option('--no-hypopg', 'use the statistics heuristic even when hypopg is installed')
    .option('--allow-superuser', 'run although the DSN names a superuser (see docs/advisor.md, "Privileges")')
    .option('--plan-superuser-statements', 'also EXPLAIN statements only superusers ran, as that superuser')
    .option(
      '--plan-non-catalog-functions',
      'also EXPLAIN statements that can reach functions outside pg_catalog',
    )
    .option(
      '--scan-window <seconds>',
      'judge table scans on the scans during this many seconds (read, wait, run) instead of since the last statistics reset',
      '0',
    )
    .option(
      '--fail-on <severity>',
      'exit 1 when a recommendation is this severe or worse (critical, warning, info)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 ok; 1 a recommendation at or above --fail-on; 2 bad flag or database unreachable.',
    )
    .action(async (options: CommandOptions) => {
      const dsn = dsnOf(options);
      if (!(REPORT_FORMATS as readonly string[]).includes(options.format)) {
        throw new Error(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${options.format}"`);
      }
      const failOn = options.failOn;
      if (failOn !== undefined && !['critical', 'warning', 'info'].includes(failOn)) {
        throw new Error(`--fail-on must be critical, warning or info, got "${failOn}"`);
      }
      const input = advisorInputOf(options);
      const scanWindow = scanWindowOf(options);
      let report;
      try {
        report = await runAdvisorOnDsn(dsn, parseAdvisorOptions(input), undefined, scanWindow);
      } catch (error) {
        throw new Error(`advisor on ${redactDsn(dsn)}: ${redactSecrets((error as Error).message, dsn)}`);
      }
      process.stdout.write(formatReport(report, options.format as ReportFormat));
      const order = ['critical', 'warning', 'info'];
      const failing = report.recommendations.filter(
        (r) => order.indexOf(r.severity) <= order.indexOf(failOn ?? ''),
      );
      if (failOn && failing.length > 0) {
        // The CommanderError's exit code is what `perflens` exits with: 1, the gate failed.
        const message = `perflens advisor: ${failing.length} recommendation(s) at ${failOn} or worse`;
        process.stderr.write(`${message}\n`);
        throw new CommanderError(1, 'perflens.advisor.failOn', message);
      }
    });
  registerApplyCommands(advisor);
}

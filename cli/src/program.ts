import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A subcommand contributed by a workspace. Each workspace exports its own `register…Command`
 * so the code a subcommand runs lives beside it; this file only assembles them.
 */
export type SubcommandRegistration = (program: Command) => void;

/**
 * The exit codes of every subcommand (README.md, "Exit codes"): 0 ok; 1 a gate failed (findings at or above
 * --fail-on, a stale generated file); 2 the command could not do its job (bad flag, bad configuration file,
 * a dependency unreachable at start, a port in use, a child process that died).
 */
export const EXIT_OK = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Commander's own errors about the command line. Commander exits 1 on them, which in the contract means
 * "a gate failed"; they are usage errors, so they exit 2. A subcommand's `command.error(…)` keeps its code.
 */
const COMMANDER_USAGE_ERRORS = new Set([
  'commander.unknownCommand',
  'commander.unknownOption',
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.conflictingOption',
  'commander.invalidArgument',
  'commander.excessArguments',
  // `perflens` (or `perflens slo`) without a subcommand prints the help to stderr.
  'commander.help',
]);

function packageVersion(): string {
  // The root package.json is the product's version; the workspaces are private and move with it.
  const rootPackage = path.join(__dirname, '..', '..', 'package.json');
  const parsed = JSON.parse(readFileSync(rootPackage, 'utf8')) as { version?: string };
  return parsed.version ?? '0.0.0';
}

/** Builds the `perflens` program with every registered subcommand. */
export function buildProgram(registrations: readonly SubcommandRegistration[]): Command {
  const program = new Command('perflens')
    .description(
      'Performance monitoring and optimization for Node.js + PostgreSQL services\n' +
        '(Prometheus exporter, alert rules, Grafana app, index advisor, k6 tests).',
    )
    .version(packageVersion(), '-V, --version', 'print the Perflens version')
    .showHelpAfterError('(run "perflens --help" for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 a gate failed (--fail-on, --check), 2 usage or configuration error.',
    )
    // Subcommands registered below inherit this callback (commander copies it into each new command).
    .exitOverride((error) => {
      if (COMMANDER_USAGE_ERRORS.has(error.code) && error.exitCode === 1) error.exitCode = EXIT_USAGE;
      throw error;
    });
  for (const register of registrations) register(program);
  return program;
}

/**
 * Runs the program and returns the exit code instead of exiting the process; bin/perflens.js exits with it.
 * This is the one way a subcommand sets its exit code: it throws a CommanderError carrying the code
 * (`command.error(message, { exitCode })`, or `new CommanderError(code, id, message)` after printing its own
 * message). Any other error means the command could not do its job: its message is printed and the code is 2.
 */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const message = error instanceof Error ? error.message : String(error);
    program.configureOutput().writeErr?.(`perflens: ${message}\n`);
    return EXIT_USAGE;
  }
}

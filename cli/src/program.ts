import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A subcommand contributed by a workspace. Each workspace exports its own `register…Command`
 * so the code a subcommand runs lives beside it; this file only assembles them.
 */
export type SubcommandRegistration = (program: Command) => void;

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
    .exitOverride();
  for (const register of registrations) register(program);
  return program;
}

/** Runs the program and turns commander's exits into an exit code instead of exiting the process. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
}

// `perflens analyze` in a Node.js process of its own, assembled as cli/ does (commander, exitOverride, the
// exit code set from the error, never process.exit): the process ends when nothing is left to wait for, so
// a query still in flight or a socket still open shows as a process that does not exit.
//
// argv[2..] are the analyze command's arguments. Started by analyze-process.ts.
import { Command, CommanderError } from 'commander';
import { registerAnalyzeCommand } from '../../src/cli/analyze-command';

const program = new Command('perflens').exitOverride();
registerAnalyzeCommand(program);
program.parseAsync(['node', 'perflens', 'analyze', ...process.argv.slice(2)]).catch((error: unknown) => {
  process.exitCode = error instanceof CommanderError ? error.exitCode : 1;
  if (!(error instanceof CommanderError)) process.stderr.write(`${String(error)}\n`);
});

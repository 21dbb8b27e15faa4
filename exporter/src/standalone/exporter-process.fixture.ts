// Runs `perflens exporter` from the TypeScript sources in a child process, for the tests that need a
// real process (signals, exit codes) without building first: node --require tsx/cjs <this file> ...
import { Command } from 'commander';
import { registerExporterCommand } from './exporter-command';

const program = new Command('perflens');
registerExporterCommand(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`perflens: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

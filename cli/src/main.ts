import { registerAdvisorCommand } from '@perflens/advisor';
import { registerSloCommand } from '@perflens/alert-rules';
import { registerAnalyzeCommand } from '@perflens/analysis';
import { registerBundleCommand } from '@perflens/bundle';
import { registerDemoCommand, registerExampleCommand } from '@perflens/demo';
import { registerExporterCommand } from '@perflens/exporter';
import { registerUpCommand } from '@perflens/stack';
import { buildProgram, runProgram, type SubcommandRegistration } from './program';

/** Every subcommand, in the order `perflens --help` lists them. */
const subcommands: SubcommandRegistration[] = [
  registerExampleCommand,
  registerExporterCommand,
  registerAdvisorCommand,
  registerSloCommand,
  registerAnalyzeCommand,
  registerBundleCommand,
  registerDemoCommand,
  registerUpCommand,
];

/** Entry point used by bin/perflens.js. */
export async function main(argv: readonly string[]): Promise<number> {
  return runProgram(buildProgram(subcommands), argv);
}

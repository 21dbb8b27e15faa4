import type { Command } from 'commander';
import { SloSpecError } from '../spec/parse-slo-spec';
import { writeSloRuleFile } from '../write/slo-rule-file';

export const DEFAULT_SLO_FILE = 'alert-rules/slo.yaml';
export const DEFAULT_SLO_RULES_FILE = 'alert-rules/generated/slo.rules.yml';

interface GenerateFlags {
  spec?: string;
  /** `perflens analyze`'s spelling of --spec, accepted here too so one spelling works for both commands. */
  slo?: string;
  out: string;
  check?: boolean;
}

/** Registers `perflens slo generate`: SLO file → burn-rate rule file. */
export function registerSloCommand(program: Command): void {
  const slo = program.command('slo').description('SLOs: burn-rate alert rules generated from one SLO file');
  const generate = slo
    .command('generate')
    .description('write the multi-window, multi-burn-rate rules for every SLO in the SLO file')
    .option('--spec <file>', `SLO file (default: ${DEFAULT_SLO_FILE})`)
    .option('--slo <file>', 'same as --spec (the spelling perflens analyze uses)')
    .option('--out <file>', 'rule file to write', DEFAULT_SLO_RULES_FILE)
    .option('--check', 'write nothing; exit 1 when the rule file is stale')
    .addHelpText(
      'after',
      '\nExit codes: 0 written or up to date; 1 stale (--check); 2 invalid SLO file or bad flag.',
    )
    .action((flags: GenerateFlags) => {
      // Ends the command with an exit code (README.md, "Exit codes"): bin/perflens.js exits with the code of
      // the CommanderError that command.error() throws. A stale file or a bad SLO file is no usage mistake,
      // so no "--help" hint under it.
      const fail = (exitCode: 1 | 2, code: string, message: string): never => {
        generate.showHelpAfterError(false);
        return generate.error(message, { exitCode, code });
      };
      if (flags.spec !== undefined && flags.slo !== undefined && flags.spec !== flags.slo)
        return generate.error('--slo is another name for --spec: give one SLO file', { exitCode: 2 });
      const sloFile = flags.spec ?? flags.slo ?? DEFAULT_SLO_FILE;
      let status;
      try {
        status = writeSloRuleFile(sloFile, flags.out, flags.check);
      } catch (error) {
        if (error instanceof SloSpecError) fail(2, 'perflens.slo.spec', error.message);
        throw error;
      }
      process.stdout.write(`${flags.out}: ${status}\n`);
      if (status === 'stale')
        fail(1, 'perflens.slo.stale', `${flags.out} is stale: run "perflens slo generate"`);
    });
}

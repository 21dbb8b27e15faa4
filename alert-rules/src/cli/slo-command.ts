import type { Command } from 'commander';
import { SloSpecError } from '../spec/parse-slo-spec';
import { writeSloRuleFile } from '../write/slo-rule-file';

export const DEFAULT_SLO_FILE = 'alert-rules/slo.yaml';
export const DEFAULT_SLO_RULES_FILE = 'alert-rules/generated/slo.rules.yml';

interface GenerateFlags {
  spec: string;
  out: string;
  check?: boolean;
}

/** Registers `perflens slo generate`: SLO file → burn-rate rule file. */
export function registerSloCommand(program: Command): void {
  const slo = program.command('slo').description('SLOs: burn-rate alert rules generated from one SLO file');
  slo
    .command('generate')
    .description('write the multi-window, multi-burn-rate rules for every SLO in the SLO file')
    .option('--spec <file>', 'SLO file', DEFAULT_SLO_FILE)
    .option('--out <file>', 'rule file to write', DEFAULT_SLO_RULES_FILE)
    .option('--check', 'write nothing; exit 1 when the rule file is stale')
    .action((flags: GenerateFlags) => {
      try {
        const status = writeSloRuleFile(flags.spec, flags.out, flags.check);
        process.stdout.write(`${flags.out}: ${status}\n`);
        if (status === 'stale')
          program.error(`${flags.out} is stale: run "perflens slo generate"`, { exitCode: 1 });
      } catch (error) {
        if (error instanceof SloSpecError) program.error(error.message, { exitCode: 2 });
        throw error;
      }
    });
}

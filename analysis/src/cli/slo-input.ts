import type { ScopeTargetsConfig, SloUse } from '../sources/analysis-scope';
import type { ThresholdsConfig } from '../thresholds/resolve-thresholds';
import type { SloObjective } from '../thresholds/slo-objectives';
import { sloObjectivesFromModel } from '../thresholds/slo-objectives';
import { UsageError } from './analyze-options';
import { splitScopeConfig } from './scope-config';

/** The SLO file's default location, relative to the working directory (alert-rules' own default). */
export const DEFAULT_SLO_FILE = 'alert-rules/slo.yaml';

/** What the CLI reads from files before the engine runs. */
export interface SloInput {
  slos: SloObjective[];
  config?: ThresholdsConfig;
  configFile?: string;
  /** The job when the SLO file has exactly one service. */
  defaultJob?: string;
  /** The SLO file read (given with --slo, or found at DEFAULT_SLO_FILE); absent when there was none. */
  sloFile?: string;
  /** Whether the file was given with --slo (else found in the working directory). */
  sloFileGiven?: boolean;
  /** The jobs of the SLO file's services. */
  sloJobs?: string[];
  /** The config file's `scope` (databases and hosts of the job), validated. */
  scopeTargets?: ScopeTargetsConfig;
}

/**
 * Reads the SLO file and the thresholds config. Node-only (node:fs, the YAML loader), so it is imported
 * lazily: the engine itself stays free of file access and the Grafana plugin passes SLO objects in.
 */
export async function loadSloInput(flags: { slo?: string; config?: string }): Promise<SloInput> {
  const { existsSync, readFileSync } = await import('node:fs');
  const alertRules = await import('@perflens/alert-rules');
  const sloFile = flags.slo ?? (existsSync(DEFAULT_SLO_FILE) ? DEFAULT_SLO_FILE : undefined);
  let slos: SloObjective[] = [];
  let defaultJob: string | undefined;
  let sloJobs: string[] | undefined;
  if (sloFile) {
    if (!existsSync(sloFile)) throw new UsageError(`--slo: ${sloFile} does not exist`);
    const spec = alertRules.loadSloSpec(sloFile);
    const page = alertRules.WORKBOOK_BURN_WINDOWS.find((w) => w.severity === 'page');
    slos = sloObjectivesFromModel(alertRules.buildSloModel(spec), (window) =>
      page ? alertRules.burnRate(page, window) : 14.4,
    );
    sloJobs = spec.services.map((service) => service.job ?? service.name);
    if (spec.services.length === 1) defaultJob = sloJobs[0];
  }
  const found = {
    slos,
    ...(defaultJob ? { defaultJob } : {}),
    ...(sloFile ? { sloFile, sloFileGiven: flags.slo !== undefined, sloJobs } : {}),
  };
  if (!flags.config) return found;
  if (!existsSync(flags.config)) throw new UsageError(`--config: ${flags.config} does not exist`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(flags.config, 'utf8'));
  } catch (error) {
    throw new UsageError(`--config: ${flags.config} is not valid JSON: ${(error as Error).message}`);
  }
  const { thresholds, scope } = splitScopeConfig(parsed, flags.config);
  return {
    ...found,
    config: thresholds as ThresholdsConfig,
    configFile: flags.config,
    ...(scope ? { scopeTargets: scope } : {}),
  };
}

/**
 * The SLO file's objectives for `job`, and what the report says about it. A file found in the working
 * directory applies only when one of its services has the job: run from this repository against another
 * service, the demo's SLO file must not judge it. A file given with --slo that does not name the job is a
 * usage error: the gate would otherwise run on defaults the user did not ask for.
 */
export function sloFor(input: SloInput, job: string): { slos: SloObjective[]; use: SloUse } {
  const defaults = 'the defaults of docs/analysis.md (and --config) set the thresholds';
  if (!input.sloFile)
    return {
      slos: [],
      use: { applied: false, note: `none (no --slo, no ${DEFAULT_SLO_FILE} here): ${defaults}` },
    };
  const jobs = input.sloJobs ?? [];
  if (jobs.includes(job))
    return {
      slos: input.slos.filter((slo) => slo.job === job),
      use: {
        file: input.sloFile,
        applied: true,
        note: `${input.sloFile} (${input.sloFileGiven ? '--slo' : 'found in the working directory'}; its service with job "${job}")`,
      },
    };
  const services = `its services' jobs: ${jobs.join(', ') || 'none'}`;
  if (input.sloFileGiven)
    throw new UsageError(
      `--slo: ${input.sloFile} has no service with job "${job}" (${services}); give the service's own SLO file, or leave --slo out to use the defaults`,
    );
  return {
    slos: [],
    use: {
      file: input.sloFile,
      applied: false,
      note: `none applies: ${input.sloFile} (found in the working directory) has no service with job "${job}" (${services}); ${defaults}`,
    },
  };
}

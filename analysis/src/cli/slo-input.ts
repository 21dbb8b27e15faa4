import type { ThresholdsConfig } from '../thresholds/resolve-thresholds';
import type { SloObjective } from '../thresholds/slo-objectives';
import { sloObjectivesFromModel } from '../thresholds/slo-objectives';
import { UsageError } from './analyze-options';

/** The SLO file's default location, relative to the working directory (alert-rules' own default). */
export const DEFAULT_SLO_FILE = 'alert-rules/slo.yaml';

/** What the CLI reads from files before the engine runs. */
export interface SloInput {
  slos: SloObjective[];
  config?: ThresholdsConfig;
  configFile?: string;
  /** The job when the SLO file has exactly one service. */
  defaultJob?: string;
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
  if (sloFile) {
    if (!existsSync(sloFile)) throw new UsageError(`--slo: ${sloFile} does not exist`);
    const spec = alertRules.loadSloSpec(sloFile);
    const page = alertRules.WORKBOOK_BURN_WINDOWS.find((w) => w.severity === 'page');
    slos = sloObjectivesFromModel(alertRules.buildSloModel(spec), (window) =>
      page ? alertRules.burnRate(page, window) : 14.4,
    );
    if (spec.services.length === 1) defaultJob = spec.services[0]?.job ?? spec.services[0]?.name;
  }
  if (!flags.config) return { slos, ...(defaultJob ? { defaultJob } : {}) };
  if (!existsSync(flags.config)) throw new UsageError(`--config: ${flags.config} does not exist`);
  let config: ThresholdsConfig;
  try {
    config = JSON.parse(readFileSync(flags.config, 'utf8')) as ThresholdsConfig;
  } catch (error) {
    throw new UsageError(`--config: ${flags.config} is not valid JSON: ${(error as Error).message}`);
  }
  return { slos, config, configFile: flags.config, ...(defaultJob ? { defaultJob } : {}) };
}

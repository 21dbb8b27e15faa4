import { resolveThresholds, type SloObjective, type ThresholdsConfig } from '@perflens/analysis/engine';

export interface SloOverrides {
  sloObjectives?: SloObjective[];
  thresholds?: ThresholdsConfig;
}

/**
 * Parses the overrides typed on the Configuration page and lets the engine validate them with the same
 * resolution the analysis uses; the error names the field, as the CLI's config errors do.
 */
export function parseSloOverrides(text: string, job: string): SloOverrides {
  if (text.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`SLO overrides: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('SLO overrides: expected an object with "sloObjectives" and/or "thresholds"');
  }
  const { sloObjectives, thresholds, ...unknown } = parsed as SloOverrides & Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) {
    throw new Error(`SLO overrides: ${extra[0]}: unknown field; expected sloObjectives or thresholds`);
  }
  if (sloObjectives !== undefined && !Array.isArray(sloObjectives)) {
    throw new Error('SLO overrides: sloObjectives: must be a list of objectives');
  }
  (sloObjectives ?? []).forEach((objective, index) => {
    if (typeof objective?.id !== 'string' || typeof objective.job !== 'string') {
      throw new Error(`SLO overrides: sloObjectives[${index}]: needs an id and a job`);
    }
    if (!(objective.objectiveRatio > 0 && objective.objectiveRatio < 1)) {
      throw new Error(`SLO overrides: sloObjectives[${index}].objectiveRatio: must be between 0 and 1`);
    }
  });
  resolveThresholds({ job, slos: sloObjectives ?? [], config: thresholds ?? {}, configFile: 'SLO overrides' });
  return { ...(sloObjectives ? { sloObjectives } : {}), ...(thresholds ? { thresholds } : {}) };
}

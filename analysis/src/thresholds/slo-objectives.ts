import type { SloModel } from '@perflens/alert-rules';

/**
 * One SLO as the engine uses it. Built from the SLO file's model at the edge (CLI, plugin) so the engine
 * itself reads no files: the model is plain data.
 */
export interface SloObjective {
  /** `<service>-<slo>` from the SLO file; evidence cites it as `slo:<id>`. */
  id: string;
  job: string;
  kind: 'availability' | 'latency';
  /** Route templates covered; empty = every route of the job. */
  routes: readonly string[];
  objectiveRatio: number;
  thresholdSeconds?: number;
  /** Burn rate of the SLO's fast page window: at or above it a breach is critical. */
  pageBurnRate: number;
}

/**
 * Converts the SLO file's model; `pageBurnRate` gives the page burn rate for an SLO period (alert-rules'
 * `burnRate(WORKBOOK_BURN_WINDOWS[0], window)`), so severities follow the same windows as the alerts.
 */
export function sloObjectivesFromModel(
  models: readonly SloModel[],
  pageBurnRate: (window: string) => number,
): SloObjective[] {
  return models.map((model) => ({
    id: model.id,
    job: model.job,
    kind: model.kind,
    routes: model.routes,
    objectiveRatio: model.objectiveRatio,
    ...(model.thresholdSeconds !== undefined ? { thresholdSeconds: model.thresholdSeconds } : {}),
    pageBurnRate: pageBurnRate(model.window),
  }));
}

import type { SloModel } from '@perflens/alert-rules';
import type { SloThreshold, SloThresholdsFile } from '../src/shared/slo-thresholds-file.ts';

/** Rounds away binary noise such as 0.25 * 1000 = 250.00000000000003. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * One k6 condition per SLO and route. k6 cannot OR tag filters in one threshold (k6 docs, "Thresholds": a
 * sub-metric selects one tag value per key), so an SLO over several routes becomes one threshold per route,
 * which holds each route to the objective instead of their sum: stricter, never looser.
 */
function thresholdsForSlo(slo: SloModel): SloThreshold[] {
  const routes: readonly (string | undefined)[] = slo.routes.length > 0 ? slo.routes : [undefined];
  return routes.map((route) => {
    const common = { sloId: slo.id, description: slo.description, ...(route ? { route } : {}) };
    if (slo.kind === 'availability') {
      // A failed request is a 5xx or no answer: the scripts mark 2xx-4xx as expected (endpoint-request.ts),
      // which matches the availability SLI of the burn-rate rules.
      return { ...common, metric: 'http_req_failed', aggregation: 'rate', maxValue: slo.errorBudgetRatio };
    }
    if (slo.thresholdSeconds === undefined)
      throw new Error(`${slo.id}: latency SLO without thresholdSeconds`);
    // "objective % of requests within T" is exactly "the objective-th percentile is at most T".
    return {
      ...common,
      metric: 'http_req_duration',
      aggregation: `p(${slo.objectivePercent})`,
      maxValue: clean(slo.thresholdSeconds * 1000),
    };
  });
}

/** Translates the normalized SLO model into the k6 threshold file, services in file order. */
export function sloThresholdsFromModel(models: readonly SloModel[], sourceFile: string): SloThresholdsFile {
  const services: Record<string, { job: string; thresholds: SloThreshold[] }> = {};
  for (const slo of models) {
    const service = (services[slo.service] ??= { job: slo.job, thresholds: [] });
    service.thresholds.push(...thresholdsForSlo(slo));
  }
  return { sourceFile, services };
}

import {
  promNumber,
  selector,
  SLO_BUDGET_REMAINING,
  SLO_ERROR_BUDGET,
  SLO_OBJECTIVE,
  sloErrorRatio,
} from '@perflens/conventions';
import type { SloModel } from '../model/slo-model';
import type { RecordingRule } from './prometheus-rules';
import { sloSeriesMatchers } from './promql';

/**
 * Objective, error budget and the budget left over the SLO period, for dashboards and the analysis engine.
 * The period ratio averages the 5m ratio (Sloth's `slo:sli_error:ratio_rate30d` does the same) instead of a
 * `rate(...[30d])` over raw series, which would be expensive on every evaluation; it needs Prometheus
 * retention of at least the period.
 */
export function sloMetadataRules(slo: SloModel, baseWindow: string): RecordingRule[] {
  const labels = { job: slo.job, slo: slo.name };
  const periodRatio = sloErrorRatio(slo.window);
  const series = sloSeriesMatchers(slo);
  return [
    { record: SLO_OBJECTIVE, expr: `vector(${promNumber(slo.objectiveRatio)})`, labels },
    { record: SLO_ERROR_BUDGET, expr: `vector(${promNumber(slo.errorBudgetRatio)})`, labels },
    {
      record: periodRatio,
      expr: `avg_over_time(${selector(sloErrorRatio(baseWindow), series)}[${slo.window}])`,
      labels,
    },
    {
      record: SLO_BUDGET_REMAINING,
      expr: `1 - ${selector(periodRatio, series)} / ${promNumber(slo.errorBudgetRatio)}`,
      labels,
    },
  ];
}

import type { SloModel } from '../model/slo-model';
import type { RecordingRule } from './prometheus-rules';
import { number, sloSeriesSelector } from './promql';
import { errorRatioRecord } from './sli-recording-rules';

/**
 * Objective, error budget and the budget left over the SLO period, for dashboards and the analysis engine.
 * The period ratio averages the 5m ratio (Sloth's `slo:sli_error:ratio_rate30d` does the same) instead of a
 * `rate(...[30d])` over raw series, which would be expensive on every evaluation; it needs Prometheus
 * retention of at least the period.
 */
export function sloMetadataRules(slo: SloModel, baseWindow: string): RecordingRule[] {
  const labels = { job: slo.job, slo: slo.name };
  const periodRatio = `slo:sli_error:ratio_rate${slo.window}`;
  return [
    { record: 'slo:objective:ratio', expr: `vector(${number(slo.objectiveRatio)})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(${number(slo.errorBudgetRatio)})`, labels },
    {
      record: periodRatio,
      expr: `avg_over_time(${errorRatioRecord(baseWindow)}${sloSeriesSelector(slo)}[${slo.window}])`,
      labels,
    },
    {
      record: 'slo:period_error_budget_remaining:ratio',
      expr: `1 - ${periodRatio}${sloSeriesSelector(slo)} / ${number(slo.errorBudgetRatio)}`,
      labels,
    },
  ];
}

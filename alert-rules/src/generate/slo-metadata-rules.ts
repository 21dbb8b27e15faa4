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
import { sloBadRequests, sloRequests } from './sli-count-rules';

/**
 * Objective, error budget and the budget left over the SLO period, for dashboards and the analysis engine.
 *
 * The period ratio is bad requests / all requests over the period, summed from the recorded 5m counts
 * (sli-count-rules.ts). Why not the alternatives:
 * - `avg_over_time(ratio_rate5m[30d])` (what Sloth records) is NaN for 30 days after one idle 5 minutes
 *   (0/0 poisons the average), and weighs a quiet night's 5 minutes like a busy hour's.
 * - `increase(raw[30d])` is exact but reads 30 days of every raw series on each evaluation.
 * Summing the 5m counts reads one series each, as cheap as the old average. Each sample counts the
 * requests of the 5 minutes before it, so with evaluations every 1m each request is counted about 5 times,
 * in the numerator and the denominator alike: the ratio is the true period ratio. With no request in the
 * whole period the ratio is absent (`> 0` filters the 0/0), and the budget left is 1: nothing was spent.
 * It needs Prometheus retention of at least the period.
 */
export function sloMetadataRules(slo: SloModel, baseWindow: string): RecordingRule[] {
  const labels = { job: slo.job, slo: slo.name };
  const periodRatio = sloErrorRatio(slo.window);
  const series = sloSeriesMatchers(slo);
  const bad = `sum_over_time(${selector(sloBadRequests(baseWindow), series)}[${slo.window}])`;
  const total = `sum_over_time(${selector(sloRequests(baseWindow), series)}[${slo.window}])`;
  return [
    { record: SLO_OBJECTIVE, expr: `vector(${promNumber(slo.objectiveRatio)})`, labels },
    { record: SLO_ERROR_BUDGET, expr: `vector(${promNumber(slo.errorBudgetRatio)})`, labels },
    { record: periodRatio, expr: `${bad}\n/\n(${total} > 0)`, labels },
    {
      record: SLO_BUDGET_REMAINING,
      expr: `1 - (${selector(periodRatio, series)} or on () vector(0)) / ${promNumber(slo.errorBudgetRatio)}`,
      labels,
    },
  ];
}

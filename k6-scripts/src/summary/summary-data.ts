/**
 * The part of k6's end-of-test summary object (the argument of `handleSummary`) that the reports read.
 * @types/k6 leaves it untyped; the shape is the documented one (k6 docs, "Custom summary": `metrics`,
 * `root_group`, `state`), stable from k6 0.30 to 2.x unless the opt-in machine-readable summary is enabled.
 */

export interface SummaryMetric {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains: 'default' | 'time' | 'data';
  /** Aggregates by name: `count`, `rate`, `avg`, `p(95)`... */
  values: Readonly<Record<string, number>>;
  /** Present when thresholds exist on the metric: expression → whether it held. */
  thresholds?: Readonly<Record<string, { ok: boolean }>>;
}

export interface SummaryCheck {
  name: string;
  path: string;
  passes: number;
  fails: number;
}

export interface SummaryGroup {
  name: string;
  path: string;
  groups: readonly SummaryGroup[];
  checks: readonly SummaryCheck[];
}

export interface SummaryData {
  metrics: Readonly<Record<string, SummaryMetric>>;
  root_group: SummaryGroup;
  state?: { testRunDurationMs?: number };
}

/** One evaluated threshold: `http_req_duration{name:/a}` with `p(99)<=250`. */
export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  /** The aggregate the expression compared, when the summary has it. */
  value?: number;
  /**
   * False when the metric got no samples, so the threshold judged nothing: k6 reports such a threshold as
   * held, with value 0 (e.g. a breakpoint step the run never reached). Reports show it as "not reached".
   */
  reached: boolean;
}

/**
 * Whether a metric got samples, when the summary tells: a trend's `count`, a rate's passes and fails, a
 * sub-metric counter's `count`. A plain counter at 0 is a real zero (no errors), and a gauge always has a value.
 */
export function hasSamples(name: string, metric: SummaryMetric): boolean {
  const { values } = metric;
  if (metric.type === 'trend' && values.count !== undefined) return values.count > 0;
  if (metric.type === 'rate') return (values.passes ?? 0) + (values.fails ?? 0) > 0;
  if (metric.type === 'counter' && name.includes('{')) return (values.count ?? 0) > 0;
  return true;
}

/** Every threshold in the summary, in metric order. */
export function thresholdResults(data: SummaryData): ThresholdResult[] {
  return Object.keys(data.metrics)
    .sort()
    .flatMap((metric) => {
      const summaryMetric = data.metrics[metric] as SummaryMetric;
      const { thresholds = {}, values } = summaryMetric;
      const reached = hasSamples(metric, summaryMetric);
      return Object.keys(thresholds).map((expression) => {
        const aggregation = /^\s*([a-z]+(?:\([0-9.]+\))?)/.exec(expression)?.[1];
        const value = aggregation === undefined ? undefined : values[aggregation];
        return {
          metric,
          expression,
          ok: (thresholds[expression] as { ok: boolean }).ok,
          ...(value === undefined || !reached ? {} : { value }),
          reached,
        };
      });
    });
}

/** Checks of a group and its subgroups, depth first, each with the path of its group. */
export function allChecks(group: SummaryGroup): { group: string; check: SummaryCheck }[] {
  return [
    ...group.checks.map((check) => ({ group: group.path === '' ? 'root' : group.path, check })),
    ...group.groups.flatMap(allChecks),
  ];
}

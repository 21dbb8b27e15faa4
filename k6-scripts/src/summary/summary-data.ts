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
}

/** Every threshold in the summary, in metric order. */
export function thresholdResults(data: SummaryData): ThresholdResult[] {
  return Object.keys(data.metrics)
    .sort()
    .flatMap((metric) => {
      const { thresholds = {}, values } = data.metrics[metric] as SummaryMetric;
      return Object.keys(thresholds).map((expression) => {
        const aggregation = /^\s*([a-z]+(?:\([0-9.]+\))?)/.exec(expression)?.[1];
        const value = aggregation === undefined ? undefined : values[aggregation];
        return {
          metric,
          expression,
          ok: (thresholds[expression] as { ok: boolean }).ok,
          ...(value === undefined ? {} : { value }),
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

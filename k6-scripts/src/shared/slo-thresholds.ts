import type { Threshold } from 'k6/options';
import type { ServiceSloThresholds, SloThreshold, SloThresholdsFile } from './slo-thresholds-file.ts';

export type Thresholds = Record<string, Threshold[]>;

/** Extra tag filters on every threshold, e.g. `{ target_rate: '40' }` for one breakpoint step. */
export type TagFilter = Readonly<Record<string, string>>;

export interface SloThresholdOptions {
  /** Stop the test as soon as the condition fails (k6 docs, "Thresholds: abort a test"). */
  abortOnFail?: boolean;
  /** With abortOnFail: let this much of the test pass before judging, so a few early samples cannot abort. */
  delayAbortEval?: string;
  tags?: TagFilter;
}

/** The SLO thresholds of one service; the error names the service and the services the file has. */
export function serviceSloThresholds(file: SloThresholdsFile, service: string): ServiceSloThresholds {
  const found = file.services[service];
  if (!found) {
    const known = Object.keys(file.services).join(', ');
    throw new Error(`SLO_SERVICE: "${service}" is not in ${file.sourceFile} (services: ${known})`);
  }
  return found;
}

/**
 * The sub-metric a condition applies to: `http_req_duration{name:/api/orders}`. k6 splits each filter at its
 * first colon, so route templates with `:id` are safe; commas would not be, and route templates have none.
 */
export function thresholdMetric(threshold: SloThreshold, tags: TagFilter = {}): string {
  const filters: Record<string, string> = { ...(threshold.route ? { name: threshold.route } : {}), ...tags };
  const text = Object.keys(filters)
    .map((key) => `${key}:${filters[key]}`)
    .join(',');
  return text === '' ? threshold.metric : `${threshold.metric}{${text}}`;
}

/** The expression k6 evaluates: `p(99)<=250`, `rate<=0.001`. */
export function thresholdExpression(threshold: SloThreshold): string {
  return `${threshold.aggregation}<=${threshold.maxValue}`;
}

/** k6 `thresholds` for a service's SLOs; conditions on the same sub-metric share one entry. */
export function sloThresholds(service: ServiceSloThresholds, options: SloThresholdOptions = {}): Thresholds {
  const thresholds: Thresholds = {};
  for (const slo of service.thresholds) {
    const expression = thresholdExpression(slo);
    const entry: Threshold = options.abortOnFail
      ? {
          threshold: expression,
          abortOnFail: true,
          ...(options.delayAbortEval ? { delayAbortEval: options.delayAbortEval } : {}),
        }
      : expression;
    const metric = thresholdMetric(slo, options.tags);
    const list = (thresholds[metric] ??= []);
    if (!list.some((existing) => JSON.stringify(existing) === JSON.stringify(entry))) list.push(entry);
  }
  return thresholds;
}

/**
 * Trend statistics the end-of-test summary computes: the usual ones plus every percentile an SLO names, so
 * the reports can show the value each threshold judged, and `count` for per-step sample sizes.
 */
export function summaryTrendStats(service: ServiceSloThresholds): string[] {
  const stats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];
  for (const slo of service.thresholds) {
    if (slo.aggregation.startsWith('p(') && !stats.includes(slo.aggregation)) stats.push(slo.aggregation);
  }
  return stats;
}

import {
  allChecks,
  thresholdResults,
  type SummaryData,
  type SummaryGroup,
  type SummaryMetric,
} from './summary-data.ts';

/**
 * The end-of-test text that k6 prints when a script has no `handleSummary`, written here so the scripts start
 * without fetching anything: exporting handleSummary replaces k6's own text (k6 docs, "Custom summary"), and
 * the usual replacement, jslib's `textSummary`, is a remote module that k6 fetches from jslib.k6.io at start,
 * which fails on machines without internet. Three sections: checks (per group), thresholds with ✓/✗ and the
 * value they judged, and every metric with its aggregates.
 */

const NAME_WIDTH = 34;

/** Milliseconds (k6's unit for `time` metrics) in the unit that keeps the number short: 850µs, 12.5ms, 1.2s. */
function formatTime(milliseconds: number): string {
  if (milliseconds === 0) return '0s';
  if (Math.abs(milliseconds) < 1) return `${round(milliseconds * 1000)}µs`;
  if (Math.abs(milliseconds) < 1000) return `${round(milliseconds)}ms`;
  if (Math.abs(milliseconds) < 60_000) return `${round(milliseconds / 1000)}s`;
  return `${round(milliseconds / 60_000)}m`;
}

/** Bytes in decimal units, as k6 prints data volumes: 950 B, 11 kB, 1.2 MB. */
function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${round(value)} ${units[unit] as string}`;
}

/** Up to two decimals, no trailing zeros. */
function round(value: number): string {
  return String(Number(value.toFixed(2)));
}

function formatPercent(rate: number): string {
  return `${round(rate * 100)}%`;
}

/** One aggregate of a metric in the metric's unit (`count` and `rate` of a counter are plain numbers). */
function formatValue(metric: Pick<SummaryMetric, 'type' | 'contains'>, stat: string, value: number): string {
  if (metric.type === 'rate' && stat === 'rate') return formatPercent(value);
  if (stat === 'count' && metric.type === 'trend') return round(value);
  if (stat === 'passes' || stat === 'fails') return round(value);
  if (metric.contains === 'time') return formatTime(value);
  if (metric.contains === 'data') return formatBytes(value);
  return round(value);
}

/** The aggregates of one metric on one line, in the form its type calls for. */
function metricValues(metric: SummaryMetric): string {
  const { values } = metric;
  switch (metric.type) {
    case 'counter': {
      const count = formatValue(metric, 'count', values.count ?? 0);
      const perSecond = formatValue(metric, 'rate', values.rate ?? 0);
      return `${count} ${perSecond}/s`;
    }
    case 'rate': {
      const total = (values.passes ?? 0) + (values.fails ?? 0);
      return `${formatPercent(values.rate ?? 0)} (${round(values.passes ?? 0)} of ${round(total)})`;
    }
    case 'gauge':
      return ['value', 'min', 'max']
        .filter((stat) => values[stat] !== undefined)
        .map(
          (stat) =>
            `${stat === 'value' ? '' : `${stat}=`}${formatValue(metric, stat, values[stat] as number)}`,
        )
        .join(' ');
    case 'trend':
      return trendStatOrder(Object.keys(values))
        .map((stat) => `${stat}=${formatValue(metric, stat, values[stat] as number)}`)
        .join(' ');
  }
}

/** k6's order: avg, min, med, max, then the percentiles from low to high, then anything else (count). */
function trendStatOrder(stats: readonly string[]): string[] {
  const fixed = ['avg', 'min', 'med', 'max'];
  const percentile = (stat: string): number => Number(/^p\(([0-9.]+)\)$/.exec(stat)?.[1] ?? Number.NaN);
  const percentiles = stats.filter((stat) => !Number.isNaN(percentile(stat)));
  return [
    ...fixed.filter((stat) => stats.includes(stat)),
    ...percentiles.sort((a, b) => percentile(a) - percentile(b)),
    ...stats.filter((stat) => !fixed.includes(stat) && !percentiles.includes(stat)).sort(),
  ];
}

/** `name......: ` padded with dots, as k6 aligns its summary; sub-metrics are indented under their parent. */
function label(name: string): string {
  const brace = name.indexOf('{');
  const shown = brace > 0 ? `  ${name.slice(brace)}` : name;
  return `${shown}${'.'.repeat(Math.max(3, NAME_WIDTH - shown.length))}: `;
}

function checkLines(group: SummaryGroup, indent: string): string[] {
  const lines = group.checks.map((check) => {
    const total = check.passes + check.fails;
    const mark = check.fails === 0 ? '✓' : '✗';
    const failed = check.fails === 0 ? '' : `, ${check.fails} failed`;
    return `${indent}${mark} ${check.name} (${check.passes}/${total}${failed})`;
  });
  for (const child of group.groups) {
    lines.push(`${indent}█ ${child.name}`, ...checkLines(child, `${indent}  `));
  }
  return lines;
}

/** k6's end-of-test summary as plain text, each line starting with `indent`. */
export function textSummary(data: SummaryData, indent = ' '): string {
  const lines: string[] = [];
  const checks = allChecks(data.root_group);
  lines.push('█ checks');
  if (checks.length === 0) lines.push('  no checks');
  else lines.push(...checkLines(data.root_group, '  '));

  const thresholds = thresholdResults(data);
  lines.push('', '█ thresholds');
  if (thresholds.length === 0) lines.push('  no thresholds');
  for (const result of thresholds) {
    const metric = data.metrics[result.metric] as SummaryMetric;
    const aggregate = /^\s*([a-z]+(?:\([0-9.]+\))?)/.exec(result.expression)?.[1] ?? '';
    const judged =
      result.value === undefined ? '' : ` (${aggregate}=${formatValue(metric, aggregate, result.value)})`;
    if (!result.reached) lines.push(`  - ${result.metric}: ${result.expression} (not reached: no samples)`);
    else lines.push(`  ${result.ok ? '✓' : '✗'} ${result.metric}: ${result.expression}${judged}`);
  }

  lines.push('', '█ metrics');
  for (const name of Object.keys(data.metrics).sort()) {
    lines.push(`  ${label(name)}${metricValues(data.metrics[name] as SummaryMetric)}`);
  }
  if (data.state?.testRunDurationMs !== undefined) {
    lines.push('', `ran ${formatTime(data.state.testRunDurationMs)}`);
  }
  return lines.map((line) => (line === '' ? line : `${indent}${line}`)).join('\n');
}

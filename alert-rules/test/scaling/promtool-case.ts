import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One promtool unit-test case, with its times in seconds from the start of its input series. */
export interface PromtoolCase {
  name: string;
  intervalSeconds: number;
  inputSeries: { series: string; values: string }[];
  alertRuleTest: { evalSeconds: number; alertname: string; expLabels: Record<string, string>[] }[];
  /** Expected samples' labels include `__name__` when promtool's `labels` names the metric. */
  promqlExprTest: {
    evalSeconds: number;
    expr: string;
    expSamples: { labels: Record<string, string>; value: number }[];
  }[];
}

interface RawCase {
  name: string;
  interval?: string;
  input_series: { series: string; values: string }[];
  alert_rule_test?: {
    eval_time: string;
    alertname: string;
    exp_alerts?: { exp_labels?: Record<string, string | number> }[];
  }[];
  promql_expr_test?: {
    expr: string;
    eval_time: string;
    exp_samples?: { labels: string; value: number | string }[];
  }[];
}

/** Seconds in a Prometheus duration such as `90s`, `5m`, `1h` or `1h30m`. */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new Error(`not a Prometheus duration: ${text}`);
  }
  return parts.reduce((sum, part) => sum + Number(part[1]) * (units[part[2] ?? ''] ?? Number.NaN), 0);
}

/** A promtool test file (tests/*.test.yml): the rule files it loads, as absolute paths, and its cases. */
export interface PromtoolFile {
  ruleFiles: string[];
  evaluationInterval: string;
  cases: PromtoolCase[];
}

export function loadPromtoolFile(file: string): PromtoolFile {
  const doc = parse(readFileSync(file, 'utf8')) as {
    rule_files: string[];
    evaluation_interval?: string;
    tests: RawCase[];
  };
  const evaluationInterval = doc.evaluation_interval ?? '1m';
  return {
    ruleFiles: doc.rule_files.map((ruleFile) => path.resolve(path.dirname(file), ruleFile)),
    evaluationInterval,
    cases: doc.tests.map((raw) => ({
      name: raw.name,
      intervalSeconds: durationSeconds(raw.interval ?? evaluationInterval),
      inputSeries: raw.input_series,
      alertRuleTest: (raw.alert_rule_test ?? []).map((check) => ({
        evalSeconds: durationSeconds(check.eval_time),
        alertname: check.alertname,
        // promtool compares label values as strings; YAML may have read `le: 0.25` as a number.
        expLabels: (check.exp_alerts ?? []).map((alert) =>
          Object.fromEntries(
            Object.entries(alert.exp_labels ?? {}).map(([key, value]) => [key, String(value)]),
          ),
        ),
      })),
      promqlExprTest: (raw.promql_expr_test ?? []).map((check) => ({
        evalSeconds: durationSeconds(check.eval_time),
        expr: check.expr,
        expSamples: (check.exp_samples ?? []).map((sample) => ({
          labels: parseSeriesSelector(sample.labels),
          value: Number(sample.value),
        })),
      })),
    })),
  };
}

/** `name{a="1",b="2"}`, `{a="1"}` or `name` as labels, the name as `__name__`. */
export function parseSeriesSelector(text: string): Record<string, string> {
  const match = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?\s*$/.exec(text);
  if (!match) throw new Error(`not a series in promtool's notation: ${text}`);
  const labels: Record<string, string> = match[1] === undefined ? {} : { __name__: match[1] };
  for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g))
    labels[pair[1] as string] = JSON.parse(`"${pair[2]}"`) as string;
  return labels;
}

/**
 * promtool's expanding notation (`0+12x60`, `1 1 0`, `0x30`, `_` for a missing sample) as one value or
 * undefined per step. `stale` is refused: a staleness marker cannot be imported as text.
 */
export function expandValues(notation: string): (number | undefined)[] {
  const values: (number | undefined)[] = [];
  for (const token of notation.trim().split(/\s+/)) {
    const series = /^(-?[\d.e+]+?)(?:([+-])([\d.e+]+))?x(\d+)$/.exec(token);
    if (series) {
      const [, start, sign, step, times] = series;
      const delta = step === undefined ? 0 : (sign === '-' ? -1 : 1) * Number(step);
      for (let i = 0; i <= Number(times); i++) values.push(Number(start) + i * delta);
    } else if (/^_x(\d+)$/.test(token)) {
      for (let i = 0; i < Number(token.slice(2)); i++) values.push(undefined);
    } else if (token === '_') {
      values.push(undefined);
    } else if (Number.isFinite(Number(token))) {
      values.push(Number(token));
    } else {
      throw new Error(`unsupported promtool value ${JSON.stringify(token)} in ${JSON.stringify(notation)}`);
    }
  }
  return values;
}

/**
 * Input metrics whose values are Unix times. promtool's clock starts at Unix time 0, so a case writes
 * `process_start_time_seconds` 0 for "started when the test began"; moved to `startMs`, the value moves too.
 */
const UNIX_TIME_METRICS = new Set(['process_start_time_seconds']);

/** The case's input series as Prometheus text with millisecond timestamps, the first sample at `startMs`. */
export function importText(testCase: PromtoolCase, startMs: number): string {
  const lines: string[] = [];
  for (const input of testCase.inputSeries) {
    const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(input.series)?.[0] ?? '';
    const offset = UNIX_TIME_METRICS.has(metricName) ? startMs / 1000 : 0;
    expandValues(input.values).forEach((value, step) => {
      if (value !== undefined)
        lines.push(`${input.series} ${value + offset} ${startMs + step * testCase.intervalSeconds * 1000}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One promtool unit-test case, with its times in seconds from the start of its input series. */
export interface PromtoolCase {
  intervalSeconds: number;
  inputSeries: { series: string; values: string }[];
  alertRuleTest: { evalSeconds: number; alertname: string; expLabels: Record<string, string>[] }[];
}

interface RawCase {
  name: string;
  interval?: string;
  input_series: { series: string; values: string }[];
  alert_rule_test?: {
    eval_time: string;
    alertname: string;
    exp_alerts?: { exp_labels?: Record<string, string> }[];
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

/** The case named `name` of a promtool test file (tests/*.test.yml). */
export function loadPromtoolCase(file: string, name: string): PromtoolCase {
  const doc = parse(readFileSync(file, 'utf8')) as { evaluation_interval?: string; tests: RawCase[] };
  const raw = doc.tests.find((test) => test.name === name);
  if (!raw) throw new Error(`${file} has no test named ${JSON.stringify(name)}`);
  return {
    intervalSeconds: durationSeconds(raw.interval ?? doc.evaluation_interval ?? '1m'),
    inputSeries: raw.input_series,
    alertRuleTest: (raw.alert_rule_test ?? []).map((check) => ({
      evalSeconds: durationSeconds(check.eval_time),
      alertname: check.alertname,
      expLabels: (check.exp_alerts ?? []).map((alert) => ({ ...alert.exp_labels })),
    })),
  };
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

/** The case's input series as Prometheus text with millisecond timestamps, the first sample at `startMs`. */
export function importText(testCase: PromtoolCase, startMs: number): string {
  const lines: string[] = [];
  for (const input of testCase.inputSeries) {
    expandValues(input.values).forEach((value, step) => {
      if (value !== undefined)
        lines.push(`${input.series} ${value} ${startMs + step * testCase.intervalSeconds * 1000}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

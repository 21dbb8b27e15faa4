/** PromQL builders shared by the rule generator, the analysis engine, the dashboards and the plugin. */

export type Matcher = string | { regex: string } | { not: string } | { notRegex: string };

/** Escapes a label value for a double-quoted PromQL string (the Go string-literal rules PromQL uses). */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `metric{a="x",b=~"y"}` with matchers in the given order; undefined matchers are left out. */
export function selector(
  metric: string,
  matchers: Readonly<Record<string, Matcher | undefined>> = {},
): string {
  const parts: string[] = [];
  for (const [label, matcher] of Object.entries(matchers)) {
    if (matcher === undefined) continue;
    if (typeof matcher === 'string') parts.push(`${label}=${quote(matcher)}`);
    else if ('regex' in matcher) parts.push(`${label}=~${quote(matcher.regex)}`);
    else if ('not' in matcher) parts.push(`${label}!=${quote(matcher.not)}`);
    else parts.push(`${label}!~${quote(matcher.notRegex)}`);
  }
  return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
}

/**
 * A regex matching a histogram `le` value however the producer printed it: prom-client writes `1`,
 * OpenMetrics' canonical form is `1.0` (OpenMetrics spec, "Canonical numbers").
 */
export function leRegex(boundaries: readonly number[]): string {
  const spellings = new Set<string>();
  for (const boundary of boundaries) {
    spellings.add(String(boundary));
    if (Number.isInteger(boundary)) spellings.add(boundary.toFixed(1));
  }
  return [...spellings].map((text) => text.replace(/\./g, '\\.')).join('|');
}

/** Escapes regex metacharacters so a literal (a route template) can be part of an `=~` matcher. */
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Formats a number the way a person writes it in a rule or query (no float noise, no exponent for SLOs). */
export function promNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

import type { SloModel } from '../model/slo-model';

/** Quotes a PromQL string literal (double quotes; backslashes and quotes escaped). */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `{a="x",b=~"y"}` from matchers in the given order. */
export function selector(
  matchers: ReadonlyArray<[label: string, op: '=' | '=~' | '!=', value: string]>,
): string {
  return `{${matchers.map(([label, op, value]) => `${label}${op}${quote(value)}`).join(',')}}`;
}

/** The job and (when the SLO is limited to a group of routes) route matchers of an SLO's requests. */
export function requestMatchers(slo: SloModel): Array<[string, '=' | '=~', string]> {
  const matchers: Array<[string, '=' | '=~', string]> = [['job', '=', slo.job]];
  if (slo.routes.length === 1) matchers.push(['http_route', '=', slo.routes[0] as string]);
  if (slo.routes.length > 1) matchers.push(['http_route', '=~', slo.routes.map(escapeRegex).join('|')]);
  return matchers;
}

/** Formats a number for a rule file the way a person would write it (no float noise, no exponent for SLOs). */
export function number(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Matchers that select one SLO's recorded series. */
export function sloSeriesSelector(slo: SloModel): string {
  return selector([
    ['job', '=', slo.job],
    ['slo', '=', slo.name],
  ]);
}

/** k6 accepts Go-style durations in options; the suite reads and writes the simple one-unit subset. */
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/** Seconds in a one-unit duration such as `30s`, `5m` or `2h`; `name` says where the value came from. */
export function durationSeconds(text: string, name: string): number {
  const match = /^([0-9]+)(s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`${name}: "${text}" is not a duration such as 30s, 5m or 2h`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}

/** The k6 duration string for a number of seconds (`90` → `90s`), the form stages and scenarios take. */
export function k6Duration(seconds: number): string {
  return `${Math.round(seconds)}s`;
}

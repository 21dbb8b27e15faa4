// One reader of the one-unit duration strings Perflens accepts everywhere (SLO files, CLI flags, k6
// environment variables): Prometheus' spelling restricted to a single unit, which every consumer can
// also write back (`promDuration`). Hand-written because Prometheus' full grammar (`1h30m`, `ms`) is
// more than any of them needs, and a parser library would add a dependency to the plugin and k6 bundles.

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Raised for text that is not a duration; the message names where the text came from. */
export class DurationError extends Error {
  override name = 'DurationError';
}

/**
 * Seconds in a one-unit duration such as `30s`, `15m`, `1h`, `30d` or `1w`. `where` names the field,
 * flag or variable the text came from, for the error message.
 */
export function parseDuration(text: string, where = 'duration'): number {
  const match = /^([1-9][0-9]*)(s|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new DurationError(`${where}: "${text}" is not a duration such as 30s, 15m, 1h or 30d`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}

/** A PromQL duration in whole seconds, in the largest unit that divides it (900 → 15m, 90 → 90s). */
export function promDuration(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (whole % size === 0) return `${whole / size}${unit}`;
  }
  return `${whole}s`;
}

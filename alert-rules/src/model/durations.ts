const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Seconds in a one-unit Prometheus duration (`30s`, `5m`, `1h`, `3d`, `1w`). */
export function durationSeconds(duration: string): number {
  const match = /^([1-9][0-9]*)(s|m|h|d|w)$/.exec(duration);
  if (!match) throw new Error(`"${duration}" is not a duration such as 5m, 1h or 30d`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}

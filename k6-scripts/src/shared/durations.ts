/**
 * The k6 duration string for a number of seconds (`90` → `90s`), the form stages and scenarios take. Always
 * in seconds: k6 reads Go durations (time.ParseDuration), which have no `d` or `w`, so conventions'
 * promDuration (`1d`) cannot write them. Reading durations is conventions' parseDuration (env-config.ts).
 */
export function k6Duration(seconds: number): string {
  return `${Math.round(seconds)}s`;
}

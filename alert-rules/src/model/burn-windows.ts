import { parseDuration } from '@perflens/conventions';

/** How an SLO burn alert is handled: a page wakes someone, a ticket waits for working hours. */
export type BurnSeverity = 'page' | 'ticket';

/**
 * One multi-window burn-rate condition: fire when both the long and the short window burn the error budget
 * at least as fast as spending `budgetConsumed` of it within `long`. The short window (1/12 of the long
 * one) makes the alert reset soon after recovery.
 */
export interface BurnWindow {
  severity: BurnSeverity;
  long: string;
  short: string;
  /** Share of the whole period's error budget spent within the long window when the alert fires. */
  budgetConsumed: number;
}

/**
 * The SRE workbook's recommended parameters ("Alerting on SLOs", table 5-8, and the 3x/24h ticket pair from
 * the example expression); Sloth ships the same as google-30d.yaml. For a 30-day period the burn rates are
 * 14.4, 6, 3 and 1.
 */
export const WORKBOOK_BURN_WINDOWS: readonly BurnWindow[] = [
  { severity: 'page', long: '1h', short: '5m', budgetConsumed: 0.02 },
  { severity: 'page', long: '6h', short: '30m', budgetConsumed: 0.05 },
  { severity: 'ticket', long: '1d', short: '2h', budgetConsumed: 0.1 },
  { severity: 'ticket', long: '3d', short: '6h', budgetConsumed: 0.1 },
];

/** Burn rate of a window for an SLO period: budget share x period / long window, rounded to 4 decimals. */
export function burnRate(window: BurnWindow, period: string): number {
  const rate =
    (window.budgetConsumed * parseDuration(period, 'SLO window')) / parseDuration(window.long, 'burn window');
  return Math.round(rate * 10_000) / 10_000;
}

/** Every range the SLI must be recorded over for these windows, shortest first. */
export function sliWindows(windows: readonly BurnWindow[]): string[] {
  const all = new Set(windows.flatMap((window) => [window.long, window.short]));
  return [...all].sort((a, b) => parseDuration(a, 'burn window') - parseDuration(b, 'burn window'));
}

import type { Severity } from './finding';

/**
 * Severity of a value that is bad when high: warning from `warning`, critical from `critical`;
 * undefined below the warning threshold.
 */
export function severityAbove(value: number, warning: number, critical: number): Severity | undefined {
  if (value >= critical) return 'critical';
  if (value >= warning) return 'warning';
  return undefined;
}

/** Severity of a value that is bad when low (free memory, cache hit ratio). */
export function severityBelow(value: number, warning: number, critical: number): Severity | undefined {
  if (value <= critical) return 'critical';
  if (value <= warning) return 'warning';
  return undefined;
}

/**
 * The critical level of a ratio whose warning level is `warning`: three quarters of the way from the
 * warning level to saturation (0.8 → 0.95), the headroom left being what an on-call engineer acts on.
 */
export function criticalRatioAbove(warning: number): number {
  return warning + (1 - warning) * 0.75;
}

/** The critical level of a free-space ratio: half of the warning level (10% free → 5% free). */
export function criticalRatioBelow(warning: number): number {
  return warning / 2;
}

/**
 * SLO severity from a budget burn rate: at or above the SLO's page burn rate it would page (critical);
 * above 1 the budget runs out before the SLO period ends (warning). SRE workbook, "Alerting on SLOs".
 */
export function severityFromBurnRate(burnRate: number, pageBurnRate: number): Severity | undefined {
  if (burnRate >= pageBurnRate) return 'critical';
  if (burnRate > 1) return 'warning';
  return undefined;
}

/**
 * Robust statistics of one measure across a fleet's instances. The median and the median absolute deviation
 * (MAD) ignore a few wild values, where a mean and standard deviation are dragged toward the very outlier
 * they should expose (Iglewicz and Hoaglin, "How to Detect and Handle Outliers", 1993).
 */

/** Median of the values (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median absolute deviation from the median. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const center = median(values);
  return median(values.map((v) => Math.abs(v - center)));
}

/**
 * Iglewicz and Hoaglin's modified z-score, 0.6745 (x − median) / MAD: above 3.5 is an outlier. With a MAD of
 * 0 (identical peers) any value above the median scores Infinity; the checks' factor and excess thresholds
 * then decide whether the difference matters.
 */
export function modifiedZScore(value: number, center: number, mad: number): number {
  if (mad === 0) return value > center ? Infinity : value < center ? -Infinity : 0;
  return (0.6745 * (value - center)) / mad;
}

/** Coefficient of variation (population standard deviation / mean): 0 for an even spread. */
export function coefficientOfVariation(values: readonly number[]): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  if (!(mean > 0)) return 0;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

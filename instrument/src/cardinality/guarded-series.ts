import type { HistogramSeries, SeriesHistogram } from '../exposition/series-histogram';
import type { CardinalityGuard } from './cardinality-guard';

/**
 * The series of one SeriesHistogram, looked up by a caller-built string key instead of prom-client's
 * label hashing. Only label sets the guard admitted are kept (so the Map is bounded by the series cap);
 * the others pass through the guard on every observation, which counts them and hands back the overflow
 * label set, exactly as observing through the guard did.
 */
export class GuardedSeries<L extends string> {
  private readonly admitted = new Map<string, HistogramSeries>();
  private overflow: HistogramSeries | undefined;

  constructor(
    private readonly histogram: SeriesHistogram<L>,
    private readonly metricName: string,
    private readonly guard: CardinalityGuard,
  ) {}

  /** The kept series for `key`, if any: call `admit` when this returns undefined. */
  find(key: string): HistogramSeries | undefined {
    const series = this.admitted.get(key);
    return series !== undefined && this.histogram.isCurrent(series) ? series : undefined;
  }

  /** `labels` must be the label set `key` stands for, built in the same key order every time. */
  admit(key: string, labels: Record<L, string>): HistogramSeries {
    const admitted = this.guard.admit(this.metricName, labels);
    if (admitted === labels) {
      const series = this.histogram.series(labels);
      this.admitted.set(key, series);
      return series;
    }
    if (this.overflow === undefined || !this.histogram.isCurrent(this.overflow)) {
      this.overflow = this.histogram.series(admitted);
    }
    return this.overflow;
  }
}

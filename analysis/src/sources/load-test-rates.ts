import { HTTP_REQUEST_DURATION, promDuration, selector } from '@perflens/conventions';
import type { LoadTestWindow } from './load-test-window';

/**
 * The shortest range a peak rate is taken over: two of k6's default 5 s remote-write pushes, short enough to
 * resolve a 10 s run. Longer when the run's samples are further apart: two sample intervals, so every rate
 * sees at least two samples of the counter.
 */
export const PEAK_RATE_RANGE_SECONDS = 10;

/** The peak-rate range of a run, whole seconds: max(10 s, 2 × its sample interval). */
export function peakRateRangeSeconds(window: LoadTestWindow): number {
  return Math.max(PEAK_RATE_RANGE_SECONDS, Math.ceil(2 * (window.sampleIntervalSeconds ?? 0)));
}

/** Subquery steps of the peak and sustained rates at most; a longer run is stepped more coarsely. */
const MAX_RATE_STEPS = 11_000;

export type LoadTestRateQueryName = 'averageRate' | 'peakRate' | 'sustainedRate';

/**
 * The request-rate queries of a run, all evaluated at the run's last sample and bounded by its exact
 * window (load-test-window.ts), never by clock-aligned minutes: a one-minute rate of a 17 s run at 20 req/s
 * reads about 2 req/s.
 *
 * - averageRate: requests between the first and the last sample over the time between them. Each series
 *   contributes its last value minus its first (k6 counters start with the run, so the first sample already
 *   holds the requests made before it, which the window does not cover).
 * - peakRate: the highest k6 request rate over {@link peakRateRangeSeconds} inside the window.
 * - sustainedRate: the same, at the steps where the service's own p95 (one-minute histogram rate, as the
 *   latency SLO is judged) was within the threshold.
 */
export function loadTestRateQueries(
  testid: string,
  job: string,
  window: LoadTestWindow,
  capacityThresholdSeconds: number,
): Record<LoadTestRateQueryName, string> {
  const requests = selector('k6_http_reqs_total', { testid });
  const windowSeconds = Math.max(1, window.endSeconds - window.startSeconds);
  // One second more than the window: the first sample is inside whether a range is closed or left-open.
  const inWindow = promDuration(Math.ceil(windowSeconds) + 1);
  const averageRate = `sum(max_over_time(${requests}[${inWindow}]) - min_over_time(${requests}[${inWindow}])) / ${Number(windowSeconds.toFixed(3))}`;
  const peakRange = peakRateRangeSeconds(window);
  const peak = `sum(rate(${requests}[${promDuration(peakRange)}]))`;
  const stepsRange = Math.ceil(windowSeconds) + peakRange;
  const step = Math.max(1, Math.ceil(stepsRange / MAX_RATE_STEPS));
  const steps = `[${promDuration(stepsRange)}:${step}s]`;
  const serviceP95 = `histogram_quantile(0.95, sum by (le) (rate(${selector(
    `${HTTP_REQUEST_DURATION}_bucket`,
    {
      job,
    },
  )}[1m])))`;
  return {
    averageRate,
    peakRate: `max_over_time(${peak}${steps})`,
    sustainedRate: `max_over_time((${peak} and on() (${serviceP95} <= ${capacityThresholdSeconds}))${steps})`,
  };
}

/**
 * The run's rates from the query values: the peak is at least the average (a run shorter than the peak
 * range has no rate of its own), and the sustained rate at most the peak.
 */
export function loadTestRates(values: Partial<Record<LoadTestRateQueryName, number>>): {
  averageRequestsPerSecond?: number;
  peakRequestsPerSecond?: number;
  sustainedRequestsPerSecond?: number;
} {
  const average = values.averageRate;
  const peakValues = [average, values.peakRate].filter((v): v is number => v !== undefined);
  const peak = peakValues.length > 0 ? Math.max(...peakValues) : undefined;
  const sustained =
    values.sustainedRate !== undefined && peak !== undefined
      ? Math.min(values.sustainedRate, peak)
      : values.sustainedRate;
  return {
    ...(average !== undefined ? { averageRequestsPerSecond: average } : {}),
    ...(peak !== undefined ? { peakRequestsPerSecond: peak } : {}),
    ...(sustained !== undefined ? { sustainedRequestsPerSecond: sustained } : {}),
  };
}

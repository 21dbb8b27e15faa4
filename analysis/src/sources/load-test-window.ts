import { promDuration, selector } from '@perflens/conventions';
import type { PrometheusClient } from './prometheus-client';
import { runQuerySet } from './query-batch';

/** When a k6 run's samples start and end: the timestamps of its first and last sample (unix seconds). */
export interface LoadTestWindow {
  startSeconds: number;
  endSeconds: number;
  /**
   * Seconds between two samples of one series (k6's push interval, 5 s by default): the window over the
   * samples of the series with the most of them. Absent with fewer than two samples.
   */
  sampleIntervalSeconds?: number;
}

/** The two queries that find a run's window, for the evidence to cite. */
export interface LoadTestWindowQueries {
  /** Which minutes hold samples of the run, over the whole lookback. */
  minutes: string;
  /** The first and last sample inside those minutes, at one-second resolution. */
  edges: string;
}

/** Subquery steps of the second query at most; a run longer than six hours is resolved more coarsely. */
const MAX_EDGE_STEPS = 21_600;

/** `label_replace(expr, "edge", name, "", "")`: one series per edge, so one query returns both. */
const edge = (name: 'start' | 'end' | 'samples', expr: string) =>
  `label_replace(${expr}, "edge", "${name}", "", "")`;

/**
 * Finds a k6 run's time window in two queries, exact to the sample whatever the run's length: the span of
 * its HTTP requests (`k6_http_reqs_total`), else, for a run without any (browser only), of its VU samples.
 *
 * 1. Minutes: at every minute of the lookback, whether the minute before it holds a sample of the run
 *    (count_over_time over [1m] at a 1-minute step sees every sample, unlike an instant selector at that
 *    step, which misses a run shorter than a minute that ends with stale markers between two steps).
 *    The first and last such minute bound the run within a minute.
 * 2. Edges: inside those bounds, the sample timestamps at one-second resolution: the earliest and latest
 *    `timestamp()` seen (a sample's own time, not the evaluation's).
 *
 * Undefined when the run has no samples within the lookback.
 */
export async function findLoadTestWindow(
  client: PrometheusClient,
  testid: string,
  atSeconds: number,
  lookbackSeconds: number,
): Promise<{ window?: LoadTestWindow; queries: LoadTestWindowQueries }> {
  const requests = await findWindowOf(client, 'k6_http_reqs_total', testid, atSeconds, lookbackSeconds);
  if (requests.window) return requests;
  // A browser-only run (the frontend test) makes no k6 HTTP requests; k6 samples its VUs every second of
  // every run, from the start to the end.
  const vus = await findWindowOf(client, 'k6_vus', testid, atSeconds, lookbackSeconds);
  return vus.window ? vus : requests;
}

async function findWindowOf(
  client: PrometheusClient,
  metric: string,
  testid: string,
  atSeconds: number,
  lookbackSeconds: number,
): Promise<{ window?: LoadTestWindow; queries: LoadTestWindowQueries }> {
  const series = selector(metric, { testid });
  const lookback = promDuration(lookbackSeconds);
  const minuteHasSamples = `(time() + 0 * sum(count_over_time(${series}[1m])))`;
  const minutes = `${edge('start', `min_over_time(${minuteHasSamples}[${lookback}:1m])`)} or ${edge(
    'end',
    `max_over_time(${minuteHasSamples}[${lookback}:1m])`,
  )}`;
  // Subquery steps fall on whole minutes up to the evaluation time: evaluated at the next whole minute,
  // the last step covers the samples of the minute that is still running (a run that just ended).
  const bounds = edgesOf(await client.query(minutes, Math.ceil(atSeconds / 60) * 60));
  const pending = { minutes, edges: '' };
  if (!bounds) return { queries: pending };
  // The first minute with samples ends at bounds.start: the run began after bounds.start - 60.
  const rangeSeconds = bounds.end - bounds.start + 60;
  const step = Math.max(1, Math.ceil(rangeSeconds / MAX_EDGE_STEPS));
  const sampleTimes = `timestamp(${series})[${promDuration(rangeSeconds)}:${step}s]`;
  // The same query counts the samples of each series, for the interval between them.
  const edges = `${edge('start', `min(min_over_time(${sampleTimes}))`)} or ${edge(
    'end',
    `max(max_over_time(${sampleTimes}))`,
  )} or ${edge('samples', `max(count_over_time(${series}[${promDuration(rangeSeconds)}]))`)}`;
  const { vectors } = await runQuerySet(client, { edges }, bounds.end);
  const window = edgesOf(vectors.edges);
  const queries = { minutes, edges };
  if (!window) return { queries };
  const samples = vectors.edges.find((s) => s.labels.edge === 'samples')?.value;
  const interval =
    samples !== undefined && samples >= 2 && window.end > window.start
      ? (window.end - window.start) / (samples - 1)
      : undefined;
  return {
    window: {
      startSeconds: window.start,
      endSeconds: window.end,
      ...(interval !== undefined ? { sampleIntervalSeconds: interval } : {}),
    },
    queries,
  };
}

function edgesOf(
  vector: ReadonlyArray<{ labels: Readonly<Record<string, string>>; value: number }>,
): { start: number; end: number } | undefined {
  const value = (name: string) => vector.find((s) => s.labels.edge === name)?.value;
  const start = value('start');
  const end = value('end');
  if (start === undefined || end === undefined || !Number.isFinite(start) || !Number.isFinite(end))
    return undefined;
  return { start, end };
}

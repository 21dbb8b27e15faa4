import { promDuration } from '@perflens/conventions';
import type { AnalysisScope } from './analysis-scope';
import type { PromSeries, PrometheusClient } from './prometheus-client';
import type { QueryResults, QuerySet } from './query-batch';

/**
 * The most recent part of the analysed range, which the checks that averaging dilutes (a missing index
 * switched on two minutes ago is 13% of a 15-minute range) judge too: the last sixth of the range, at least
 * two minutes so that a rate has eight samples at a 15 s scrape interval. Not read for ranges under twice
 * that (4 minutes), where the whole range is recent already.
 */
export const RECENT_WINDOW_MIN_SECONDS = 120;
export const RECENT_WINDOW_SHARE = 1 / 6;

/** Length of the recent window of a range, or undefined when the range is too short to have one. */
export function recentWindowSeconds(rangeSeconds: number): number | undefined {
  const recent = Math.max(RECENT_WINDOW_MIN_SECONDS, Math.round(rangeSeconds * RECENT_WINDOW_SHARE));
  return rangeSeconds >= 2 * recent ? recent : undefined;
}

/** The scope of the recent window: same end, shorter range. */
export function recentScope(scope: AnalysisScope): AnalysisScope | undefined {
  const seconds = recentWindowSeconds(scope.rangeSeconds);
  return seconds === undefined ? undefined : { ...scope, rangeSeconds: seconds };
}

/** How a finding's evidence names the recent window, e.g. `last 2m30s of 15m`. */
export function describeRecentWindow(recentSeconds: number, rangeSeconds: number): string {
  return `last ${promDuration(recentSeconds)} of ${promDuration(rangeSeconds)}`;
}

/** Evidence of one layer read over the whole range and, where the range has one, over its recent window. */
export interface WindowedEvidence<E> {
  full: E;
  recent?: E;
}

/** The label that tells the two windows' series apart in one combined query. */
const WINDOW_LABEL = 'perflens_window';

/**
 * Runs both windows' query sets as one query per name, so the recent window costs no extra query:
 * `label_replace(full, window="full") or label_replace(recent, window="recent")`, split again by that label.
 * Names whose two expressions are the same (instant reads with no range) are read once.
 */
export async function runWindowedQuerySet<K extends string>(
  client: PrometheusClient,
  full: QuerySet<K>,
  recent: QuerySet<K> | undefined,
  timeSeconds: number,
): Promise<WindowedEvidence<QueryResults<K>>> {
  const names = Object.keys(full) as K[];
  const combined = (name: K): string =>
    recent === undefined || recent[name] === full[name]
      ? full[name]
      : `label_replace(${full[name]}, "${WINDOW_LABEL}", "full", "", "") or label_replace(${recent[name]}, "${WINDOW_LABEL}", "recent", "", "")`;
  const results = await Promise.all(names.map((name) => client.query(combined(name), timeSeconds)));
  const fullVectors = {} as Record<K, PromSeries[]>;
  const recentVectors = {} as Record<K, PromSeries[]>;
  names.forEach((name, i) => {
    const vector = results[i] ?? [];
    if (recent === undefined || recent[name] === full[name]) {
      fullVectors[name] = vector;
      recentVectors[name] = vector;
      return;
    }
    fullVectors[name] = [];
    recentVectors[name] = [];
    for (const series of vector) {
      const { [WINDOW_LABEL]: window, ...labels } = series.labels;
      (window === 'recent' ? recentVectors : fullVectors)[name].push({ ...series, labels });
    }
  });
  return {
    full: { vectors: fullVectors, queries: full },
    ...(recent ? { recent: { vectors: recentVectors, queries: recent } } : {}),
  };
}

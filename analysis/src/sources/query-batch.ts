import type { PromSeries, PrometheusClient } from './prometheus-client';

/** Named PromQL expressions of one evidence source, all evaluated at the same instant. */
export type QuerySet<K extends string> = Readonly<Record<K, string>>;

/** The vectors a {@link QuerySet} returned, plus the expressions (evidence cites the query it read). */
export interface QueryResults<K extends string> {
  vectors: Record<K, PromSeries[]>;
  queries: QuerySet<K>;
}

/** Runs every query of the set (the client bounds concurrency); one failure fails the batch. */
export async function runQuerySet<K extends string>(
  client: PrometheusClient,
  queries: QuerySet<K>,
  timeSeconds: number,
): Promise<QueryResults<K>> {
  const names = Object.keys(queries) as K[];
  const results = await Promise.all(names.map((name) => client.query(queries[name], timeSeconds)));
  const vectors = Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<K, PromSeries[]>;
  return { vectors, queries };
}

/**
 * At most this many queries in flight: enough to overlap network latency, few enough that an analysis does
 * not take every query slot of a shared Prometheus (its --query.max-concurrency defaults to 20).
 */
export const MAX_CONCURRENT_QUERIES = 6;

/** A client that lets at most `limit` queries run at once and queues the rest in order. */
export function limitConcurrency(client: PrometheusClient, limit = MAX_CONCURRENT_QUERIES): PrometheusClient {
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    async query(expr, timeSeconds) {
      if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      running += 1;
      try {
        return await client.query(expr, timeSeconds);
      } finally {
        running -= 1;
        waiting.shift()?.();
      }
    },
  };
}

/** A key built from the given labels, for joining vectors series by series. */
export function labelKey(labels: Readonly<Record<string, string>>, names: readonly string[]): string {
  return names.map((name) => labels[name] ?? '').join('\u0000');
}

/** Indexes a vector by the given labels; finite values only (histogram_quantile of nothing is NaN). */
export function indexBy(vector: readonly PromSeries[], names: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (const series of vector) {
    if (Number.isFinite(series.value)) index.set(labelKey(series.labels, names), series.value);
  }
  return index;
}

/** The value of a one-series (or empty) vector: `sum(...)`, `max(...)`. */
export function singleValue(vector: readonly PromSeries[]): number | undefined {
  const value = vector[0]?.value;
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** `{ [name]: value }` when value is defined, else nothing (exactOptionalPropertyTypes-friendly spread). */
export function optional<K extends string>(name: K, value: number | undefined): { [P in K]?: number } {
  return value === undefined ? {} : ({ [name]: value } as { [P in K]?: number });
}

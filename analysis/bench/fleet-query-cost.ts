// What one analysis costs the store it queries, query by query, in samples read from storage: Prometheus
// reports them with `stats=all` (data.stats.samples.totalQueryableSamples, Prometheus HTTP API docs);
// VictoriaMetrics in its query trace with `trace=1` ("fetch unique series=…, blocks=…, samples=N" steps,
// VictoriaMetrics docs, "Query tracing").
import type { PromSeries, PrometheusClient } from '../src/sources/prometheus-client';

/** A client that remembers every expression it forwards, to replay them for their cost. */
export function recordingClient(inner: PrometheusClient): PrometheusClient & { expressions: string[] } {
  const expressions: string[] = [];
  return {
    expressions,
    query(expr: string, timeSeconds: number): Promise<PromSeries[]> {
      expressions.push(expr);
      return inner.query(expr, timeSeconds);
    },
  };
}

/** The cost of a set of expressions: the sum over them, one at a time (no concurrency to blur timings). */
export interface QueryCost {
  queries: number;
  /** Samples read from storage. */
  samples: number;
  seconds: number;
}

async function queryWithStats(
  store: 'prometheus' | 'victoria-metrics',
  url: string,
  expr: string,
  timeSeconds: number,
): Promise<unknown> {
  const params = new URLSearchParams({ query: expr, time: String(timeSeconds) });
  params.set(store === 'prometheus' ? 'stats' : 'trace', store === 'prometheus' ? 'all' : '1');
  const response = await fetch(`${url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status} to ${expr}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

interface Trace {
  message: string;
  children?: Trace[];
}

interface StatsBody {
  data?: { stats?: { samples?: { totalQueryableSamples?: number } } };
  trace?: Trace;
}

/** Samples of every storage fetch in a VictoriaMetrics query trace. */
function tracedSamples(trace: Trace | undefined): number {
  if (!trace) return 0;
  const fetched = /^fetch unique series=\d+, blocks=\d+, samples=(\d+)/.exec(trace.message);
  return Number(fetched?.[1] ?? 0) + (trace.children ?? []).reduce((sum, c) => sum + tracedSamples(c), 0);
}

/** Replays `expressions` one by one against `url` and sums what each one touched and how long it took. */
export async function measureQueryCost(
  store: 'prometheus' | 'victoria-metrics',
  url: string,
  expressions: readonly string[],
  timeSeconds: number,
): Promise<QueryCost> {
  let samples = 0;
  let seconds = 0;
  for (const expr of expressions) {
    const started = performance.now();
    const body = (await queryWithStats(store, url, expr, timeSeconds)) as StatsBody;
    seconds += (performance.now() - started) / 1000;
    samples +=
      store === 'prometheus'
        ? (body.data?.stats?.samples?.totalQueryableSamples ?? 0)
        : tracedSamples(body.trace);
  }
  return { queries: expressions.length, samples, seconds };
}

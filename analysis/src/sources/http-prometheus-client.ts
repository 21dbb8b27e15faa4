import {
  type PromSeries,
  type PrometheusClient,
  PrometheusQueryError,
  PrometheusUnreachableError,
} from './prometheus-client';

/** Options for {@link createHttpPrometheusClient}. */
export interface HttpPrometheusClientOptions {
  /** Base URL, e.g. http://localhost:9090 (a path prefix such as /prometheus is kept). */
  url: string;
  /** Extra request headers (Authorization for a protected Prometheus or Mimir's X-Scope-OrgID). */
  headers?: Readonly<Record<string, string>>;
  /**
   * Longest wait for one query's answer, default {@link DEFAULT_QUERY_TIMEOUT_SECONDS}. Prometheus is asked
   * to give up a little earlier (its `timeout` parameter), so a live but overloaded server answers with its
   * own "query timed out" error, while one that never answers is abandoned at this limit.
   */
  timeoutSeconds?: number;
  /**
   * Longest this client may wait for Prometheus in all, counted from its first query: past it, every query
   * in flight is abandoned and later ones fail at once. Meant for a client made for one analysis, as
   * `perflens analyze` does ({@link DEADLINE_TIMEOUTS} × its --timeout); none by default, so a client that
   * serves many analyses (a benchmark) is not cut off.
   */
  deadlineSeconds?: number;
  /** Injected for tests and other runtimes; defaults to the global fetch (Node 18+, browsers). */
  fetch?: typeof fetch;
}

interface QueryEnvelope {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  errorType?: string;
  error?: string;
}

/** Default per-query timeout: `perflens analyze --timeout`. */
export const DEFAULT_QUERY_TIMEOUT_SECONDS = 30;
/**
 * `perflens analyze`'s overall deadline, in per-query timeouts: an analysis is about eight rounds of six
 * concurrent queries, each far shorter than a timeout on a healthy Prometheus.
 */
export const DEADLINE_TIMEOUTS = 4;

type RawVector = Array<{ metric: Record<string, string>; value: [number, string] }>;

/**
 * The Prometheus HTTP API (GET-equivalent POST /api/v1/query with a form body, which keeps long batched
 * expressions out of URL length limits; see the Prometheus HTTP API docs, "Instant queries").
 */
export function createHttpPrometheusClient(options: HttpPrometheusClientOptions): PrometheusClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_QUERY_TIMEOUT_SECONDS;
  const { deadlineSeconds } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  // Once Prometheus is known to be unreachable, or the deadline has passed, every other query in flight
  // is abandoned too (its socket closed) and later ones fail at once: an analysis never outlives its first
  // unreachable answer by more than the time to notice it.
  const giveUp = new AbortController();
  let deadline: AbortSignal | undefined;
  const fail = (error: PrometheusUnreachableError): never => {
    if (!giveUp.signal.aborted) giveUp.abort(error);
    throw giveUp.signal.reason;
  };
  return {
    async query(expr: string, timeSeconds: number): Promise<PromSeries[]> {
      if (giveUp.signal.aborted) throw giveUp.signal.reason;
      // AbortSignal.timeout's timer keeps no process alive (Node docs), so an idle client holds nothing.
      if (deadlineSeconds !== undefined) deadline ??= AbortSignal.timeout(deadlineSeconds * 1000);
      const body = new URLSearchParams({
        query: expr,
        time: String(timeSeconds),
        timeout: `${serverTimeoutSeconds(timeoutSeconds)}s`,
      });
      const perQuery = AbortSignal.timeout(timeoutSeconds * 1000);
      const signal = AbortSignal.any([perQuery, giveUp.signal, ...(deadline ? [deadline] : [])]);
      let envelope: QueryEnvelope;
      let status: number;
      try {
        const response = await doFetch(`${base}/api/v1/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
          body: body.toString(),
          signal,
        });
        status = response.status;
        envelope = await readEnvelope(response, base);
      } catch (error) {
        if (giveUp.signal.aborted) throw giveUp.signal.reason;
        if (error instanceof PrometheusUnreachableError) return fail(error);
        const reason = deadline?.aborted
          ? `no complete analysis within the deadline of ${formatSeconds(deadlineSeconds ?? 0)}`
          : perQuery.aborted
            ? `no answer within ${formatSeconds(timeoutSeconds)} (--timeout)`
            : describeFetchError(error);
        return fail(new PrometheusUnreachableError(base, reason));
      }
      if (envelope.status !== 'success' || !envelope.data) {
        throw new PrometheusQueryError(expr, envelope.errorType ?? `HTTP ${status}`, envelope.error ?? '');
      }
      return toSeries(envelope.data.resultType, envelope.data.result);
    },
  };
}

/** Prometheus' own limit: a tenth below ours, so a live server's "query timed out" arrives first. */
function serverTimeoutSeconds(timeoutSeconds: number): number {
  return Math.max(timeoutSeconds * 0.9, Math.min(timeoutSeconds, 0.5));
}

function formatSeconds(seconds: number): string {
  return `${Number(seconds.toFixed(3))} s`;
}

async function readEnvelope(response: Response, base: string): Promise<QueryEnvelope> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as QueryEnvelope;
    if (parsed && (parsed.status === 'success' || parsed.status === 'error')) return parsed;
  } catch {
    // Not JSON: handled below.
  }
  // 400/422/503 carry a JSON error envelope; anything else is not a Prometheus API (wrong URL or a proxy).
  throw new PrometheusUnreachableError(base, `HTTP ${response.status} without a Prometheus API answer`);
}

function describeFetchError(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm (test sandboxes), where instanceof Error fails.
  const failure = error as { message?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof failure?.message !== 'string') return String(error);
  const code = failure.cause?.code;
  return typeof code === 'string' ? `${failure.message} (${code})` : failure.message;
}

function toSeries(resultType: string, result: unknown): PromSeries[] {
  if (resultType === 'scalar') {
    const [, value] = result as [number, string];
    return [{ labels: {}, value: Number(value) }];
  }
  if (resultType !== 'vector') throw new Error(`expected an instant vector, got a ${resultType}`);
  return (result as RawVector).map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
}

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
  /** Per-query time limit, sent to Prometheus as `timeout` too; default 30 s. */
  timeoutSeconds?: number;
  /** Injected for tests and other runtimes; defaults to the global fetch (Node 18+, browsers). */
  fetch?: typeof fetch;
}

interface QueryEnvelope {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  errorType?: string;
  error?: string;
}

type RawVector = Array<{ metric: Record<string, string>; value: [number, string] }>;

/**
 * The Prometheus HTTP API (GET-equivalent POST /api/v1/query with a form body, which keeps long batched
 * expressions out of URL length limits; see the Prometheus HTTP API docs, "Instant queries").
 */
export function createHttpPrometheusClient(options: HttpPrometheusClientOptions): PrometheusClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    async query(expr: string, timeSeconds: number): Promise<PromSeries[]> {
      const body = new URLSearchParams({
        query: expr,
        time: String(timeSeconds),
        timeout: `${timeoutSeconds}s`,
      });
      let response: Response;
      try {
        response = await doFetch(`${base}/api/v1/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
          body: body.toString(),
          signal: AbortSignal.timeout(timeoutSeconds * 1000 + 5000),
        });
      } catch (error) {
        throw new PrometheusUnreachableError(base, describeFetchError(error));
      }
      const envelope = await readEnvelope(response, base);
      if (envelope.status !== 'success' || !envelope.data) {
        throw new PrometheusQueryError(
          expr,
          envelope.errorType ?? `HTTP ${response.status}`,
          envelope.error ?? '',
        );
      }
      return toSeries(envelope.data.resultType, envelope.data.result);
    },
  };
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

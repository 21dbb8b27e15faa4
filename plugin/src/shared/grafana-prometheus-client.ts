import { lastValueFrom } from 'rxjs';
import type { BackendSrv, FetchError } from '@grafana/runtime';
import {
  type PrometheusClient,
  type PromSeries,
  PrometheusQueryError,
  PrometheusUnreachableError,
} from '@perflens/analysis/engine';

interface QueryEnvelope {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  errorType?: string;
  error?: string;
}

type RawVector = Array<{ metric: Record<string, string>; value: [number, string] }>;

/** Grafana's data source proxy path for a data source's own HTTP API (Grafana HTTP API docs, "Data source proxy calls"). */
export function dataSourceProxyUrl(uid: string, path: string): string {
  return `/api/datasources/proxy/uid/${encodeURIComponent(uid)}/${path.replace(/^\/+/, '')}`;
}

/**
 * The engine's PrometheusClient on Grafana's data source proxy: the browser talks to Grafana only, Grafana
 * adds the data source's URL and credentials. POST with a form body keeps the engine's long batched
 * expressions out of URL length limits (Prometheus HTTP API, "Instant queries").
 */
export function createGrafanaPrometheusClient(backendSrv: BackendSrv, dataSourceUid: string): PrometheusClient {
  const url = dataSourceProxyUrl(dataSourceUid, 'api/v1/query');
  return {
    async query(expr: string, timeSeconds: number): Promise<PromSeries[]> {
      let envelope: QueryEnvelope;
      try {
        const response = await lastValueFrom(
          backendSrv.fetch<QueryEnvelope>({
            url,
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            data: new URLSearchParams({ query: expr, time: String(timeSeconds) }).toString(),
            showErrorAlert: false,
            showSuccessAlert: false,
          })
        );
        envelope = response.data;
      } catch (error) {
        envelope = rejectedEnvelope(error, url);
      }
      if (envelope?.status !== 'success' || !envelope.data) {
        throw new PrometheusQueryError(expr, envelope?.errorType ?? 'unknown', envelope?.error ?? '');
      }
      return toSeries(envelope.data.resultType, envelope.data.result);
    },
  };
}

/**
 * Grafana's FetchError shape ({ status, data }). Checked here rather than with @grafana/runtime's
 * `isFetchError` so this client imports nothing of Grafana's runtime at load time and also runs in Node
 * (browser-tests/analysis-parity.integration.test.ts runs the app's path against a real Prometheus).
 */
function isFetchError(error: unknown): error is FetchError {
  return typeof error === 'object' && error !== null && 'status' in error && 'data' in error;
}

/** Prometheus answers bad queries with 400/422 and its JSON envelope; anything else means it is not reachable. */
function rejectedEnvelope(error: unknown, url: string): QueryEnvelope {
  if (isFetchError(error)) {
    const data = (error as FetchError<QueryEnvelope>).data;
    if (data && data.status === 'error') {
      return data;
    }
    throw new PrometheusUnreachableError(url, `HTTP ${error.status} ${error.statusText ?? ''}`.trim());
  }
  throw new PrometheusUnreachableError(url, error instanceof Error ? error.message : String(error));
}

function toSeries(resultType: string, result: unknown): PromSeries[] {
  if (resultType === 'scalar') {
    const [, value] = result as [number, string];
    return [{ labels: {}, value: Number(value) }];
  }
  if (resultType !== 'vector') {
    throw new PrometheusQueryError('', 'bad_data', `expected an instant vector, got a ${resultType}`);
  }
  return (result as RawVector).map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
}

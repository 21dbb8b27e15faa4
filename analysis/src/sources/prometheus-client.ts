/** One series of an instant vector: its labels and its value (NaN and ±Inf kept as Prometheus sends them). */
export interface PromSeries {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/**
 * The engine's only way to reach Prometheus: instant queries at a given time. The CLI uses the HTTP
 * implementation (http-prometheus-client.ts); the Grafana plugin supplies one that goes through Grafana's
 * data source proxy, so nothing here may depend on Node.
 */
export interface PrometheusClient {
  /** Evaluates `expr` at `timeSeconds` (unix seconds); scalar results come back as one series without labels. */
  query(expr: string, timeSeconds: number): Promise<PromSeries[]>;
}

/** Prometheus could not be reached or answered something that is not its API (wrong URL, proxy page). */
export class PrometheusUnreachableError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`Prometheus at ${url} is unreachable: ${reason}`);
    this.name = 'PrometheusUnreachableError';
  }
}

/** Prometheus rejected a query (bad PromQL, timeout, too many samples); the message carries its reason. */
export class PrometheusQueryError extends Error {
  constructor(
    readonly expr: string,
    readonly errorType: string,
    reason: string,
  ) {
    super(`query failed (${errorType}): ${reason}\n  query: ${expr}`);
    this.name = 'PrometheusQueryError';
  }
}

/**
 * Shape of generated/slo-thresholds.ts: the SLO file (alert-rules/slo.yaml) translated at build time into k6
 * threshold terms, because k6 cannot read YAML or run the Node SLO loader. Only types live here, so both the
 * k6 scripts and the Node generator (build/) import it without pulling code across the boundary.
 */

/** Metrics built into k6 that the SLOs map onto (k6 docs, "Built-in metrics"). */
export type SloK6Metric = 'http_req_failed' | 'http_req_duration';

/** One SLO condition in k6 terms: `<metric>{name:<route>}: ['<aggregation><=<value>']`. */
export interface SloThreshold {
  /** `<service>-<slo>` from the SLO model. */
  sloId: string;
  description: string;
  metric: SloK6Metric;
  /** Route template the condition is limited to (the request's `name` tag); absent for every route. */
  route?: string;
  /** `rate` for availability, `p(<objective percent>)` for latency. */
  aggregation: string;
  /** Upper bound: a ratio for `rate`, milliseconds for `p(N)` (k6 trends are in ms). */
  maxValue: number;
}

/** The SLO thresholds of one service, keyed by service name in the generated file. */
export interface ServiceSloThresholds {
  /** Prometheus `job` label of the service, used to read its memory series in the soak test. */
  job: string;
  thresholds: readonly SloThreshold[];
}

export interface SloThresholdsFile {
  /** SLO file the thresholds were generated from, relative to the repository root. */
  sourceFile: string;
  services: Readonly<Record<string, ServiceSloThresholds>>;
}

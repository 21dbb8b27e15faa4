/**
 * The OpenTelemetry HTTP semantic conventions' advised boundaries for http.server.request.duration
 * (docs/http/http-metrics.md). 0.25 s and 0.5 s, the usual latency SLO thresholds, are boundaries, so
 * `le="0.25"` gives the exact share of requests within the SLO. A latency SLO or analysis threshold must
 * be one of them (or added through the instrumentation's `durationBuckets` option).
 */
export const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
] as const;

/** OTel advises these boundaries for db.client.operation.duration (docs/database/database-metrics.md). */
export const DB_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] as const;

/** Powers of four from 64 B to 16 MiB: payload sizes span orders of magnitude. */
export const BODY_SIZE_BUCKETS = [
  64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
] as const;

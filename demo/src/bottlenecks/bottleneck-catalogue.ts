/** The switchable bottlenecks, in the order the admin endpoint and README list them. */
export const BOTTLENECK_NAMES = [
  'missing-index',
  'n-plus-one',
  'cpu-bound',
  'slow-downstream',
  'pool-exhaustion',
  'memory-leak',
  'large-payload',
  'error-burst',
  'frontend-bloat',
] as const;

export type BottleneckName = (typeof BOTTLENECK_NAMES)[number];

/** What each bottleneck does, where it shows, and the metric that gives it away (README and admin API). */
export const BOTTLENECK_DESCRIPTIONS: Record<BottleneckName, string> = {
  'missing-index':
    'drops orders_customer_id_idx: GET /api/customers/:id/orders (and the summary) scan orders ' +
    'sequentially (pg_stat_user_tables_seq_scan, pg_stat_statements_shared_blks_hit_total, route latency)',
  'n-plus-one':
    'GET /api/orders loads the items of each of its 20 orders with one query per order: 21 queries per ' +
    'request instead of 1 (perflens_http_route_db_queries_total)',
  'cpu-bound':
    'GET /api/customers/:id/summary computes a loyalty score synchronously for 200 ms, blocking the event ' +
    'loop (perflens_nodejs_eventloop_utilization, nodejs_eventloop_lag_seconds, route latency)',
  'slow-downstream':
    'the shipping-rates service answers after 400 ms: GET /api/shipping/quote waits for it ' +
    '(route latency with no database time)',
  'pool-exhaustion':
    'GET /api/orders/:id keeps its pool connection for 300 ms of other work: concurrent requests queue for ' +
    'connections (db_client_connection_pending_requests, db_client_connection_wait_time_seconds)',
  'memory-leak':
    'every /api request keeps 256 KiB in a cache that is never evicted (nodejs_external_memory_bytes, ' +
    'process_resident_memory_bytes); switching off releases it',
  'large-payload':
    'GET /api/products returns the whole catalogue with descriptions, uncompressed, instead of a gzip page ' +
    'of 20 (http_server_response_body_size_bytes)',
  'error-burst':
    'GET /api/orders/:id fails with 503 for 5 requests out of every 10 ' +
    '(http_server_request_duration_seconds_count{http_response_status_code="503"})',
  'frontend-bloat':
    'the shop page loads an unminified bundle with an inline source map and a catalogue snapshot, as a ' +
    'render-blocking script from /assets/uncompressed/, never compressed (perflens bundle --url; ' +
    'perflens_web_vitals_fcp_seconds, perflens_web_vitals_lcp_seconds)',
};

export function isBottleneckName(value: string): value is BottleneckName {
  return (BOTTLENECK_NAMES as readonly string[]).includes(value);
}

// The metric names that more than one part of Perflens spells: the instrumentation library produces
// them; rules, dashboards, the analysis engine, the plugin and k6 scripts read them. Names follow the
// OpenTelemetry semantic conventions as Prometheus spells them (http.server.request.duration →
// http_server_request_duration_seconds); what is Perflens's own carries the perflens_ prefix.
// Host (node_exporter) and PostgreSQL (postgres_exporter) names stay with their collectors in the exporter.

/** OTel http.server.request.duration. */
export const HTTP_REQUEST_DURATION = 'http_server_request_duration_seconds';
/** OTel http.server.active_requests. */
export const HTTP_ACTIVE_REQUESTS = 'http_server_active_requests';
/** OTel http.server.request.body.size. */
export const HTTP_REQUEST_BODY_SIZE = 'http_server_request_body_size_bytes';
/** OTel http.server.response.body.size. */
export const HTTP_RESPONSE_BODY_SIZE = 'http_server_response_body_size_bytes';
/** Database client time spent while serving a route (Perflens's own). */
export const ROUTE_DB_SECONDS = 'perflens_http_route_db_seconds_total';
/** Database queries issued while serving a route (Perflens's own). */
export const ROUTE_DB_QUERIES = 'perflens_http_route_db_queries_total';
/**
 * Seconds a route's own code ran synchronously on the event loop: the handler chain up to its first await
 * (also where a body parser resumes it), and each continuation after a pg query until its next await
 * (Perflens's own).
 */
export const ROUTE_BLOCKING_SECONDS = 'perflens_http_route_blocking_seconds_total';
/** Executions of one normalized statement while serving a route, per pool (Perflens's own). */
export const ROUTE_STATEMENT_CALLS = 'perflens_route_statement_calls_total';
/** Client-side seconds of one normalized statement while serving a route, per pool (Perflens's own). */
export const ROUTE_STATEMENT_SECONDS = 'perflens_route_statement_duration_seconds_total';
/** Normalized text of a statement fingerprint (always 1), joinable with perflens_pg_statement_info. */
export const DB_STATEMENT_INFO = 'perflens_db_statement_info';

/** OTel db.client.operation.duration. */
export const DB_OPERATION_DURATION = 'db_client_operation_duration_seconds';
/** OTel db.client.connection.count. */
export const DB_CONNECTION_COUNT = 'db_client_connection_count';
/** OTel db.client.connection.max. */
export const DB_CONNECTION_MAX = 'db_client_connection_max';
/** OTel db.client.connection.pending_requests. */
export const DB_CONNECTION_PENDING = 'db_client_connection_pending_requests';
/** OTel db.client.connection.wait_time. */
export const DB_CONNECTION_WAIT = 'db_client_connection_wait_time_seconds';

/** Event-loop utilization over the last scrape interval (prom-client has lag, not utilization). */
export const EVENT_LOOP_UTILIZATION = 'perflens_nodejs_eventloop_utilization';

/** Observations folded into a metric's overflow series by the cardinality cap. */
export const SERIES_DROPPED_METRIC = 'perflens_metric_series_dropped_total';

/** Real-user beacons and web-vital samples accepted by the exporter's /rum endpoint. */
export const RUM_BEACONS = 'perflens_rum_beacons_total';
export const RUM_SAMPLES = 'perflens_rum_samples_total';

/** The standalone exporter's own health, per collector. */
export const COLLECTOR_SUCCESS = 'perflens_exporter_collector_success';
export const COLLECTOR_DURATION = 'perflens_exporter_collector_duration_seconds';

/** The PostgreSQL advisor's open recommendations and the time of its last report. */
export const ADVISOR_RECOMMENDATIONS = 'perflens_advisor_recommendations';
export const ADVISOR_REPORT_TIMESTAMP = 'perflens_advisor_report_timestamp_seconds';
/**
 * Per statement the advisor planned, each relation its plan reads and how many plan nodes scan it
 * sequentially (0: through indexes only): which statement makes a table's sequential scans, measured.
 */
export const PG_STATEMENT_PLAN_SEQ_SCANS = 'perflens_pg_statement_plan_seq_scans';

/**
 * Served-asset summaries per page template, published by `perflens bundle --url … --publish` to the exporter
 * (the latest per page): bytes and budget by kind (script, style), uncompressed text bytes, render-blocking
 * assets by kind, the bytes each fix saves (compression, render-blocking, images) and the report's time.
 */
export const FRONTEND_PAGE_BYTES = 'perflens_frontend_page_bytes';
export const FRONTEND_PAGE_BUDGET_BYTES = 'perflens_frontend_page_budget_bytes';
export const FRONTEND_UNCOMPRESSED_BYTES = 'perflens_frontend_uncompressed_bytes';
export const FRONTEND_RENDER_BLOCKING_ASSETS = 'perflens_frontend_render_blocking_assets';
export const FRONTEND_SAVINGS_BYTES = 'perflens_frontend_savings_bytes';
export const FRONTEND_ASSETS_REPORT_TIMESTAMP = 'perflens_frontend_assets_report_timestamp_seconds';

/**
 * Real-user web vitals per page template and device class, one histogram each, keyed by web-vitals'
 * metric names (web-vitals 6: onLCP, onINP, onCLS, onFCP, onTTFB) plus PageLoad (loadEventEnd). Times
 * in seconds; CLS is unitless, so its name has no unit suffix (Prometheus docs, "Metric and label naming").
 */
export const WEB_VITAL_METRICS = {
  LCP: 'perflens_web_vitals_lcp_seconds',
  INP: 'perflens_web_vitals_inp_seconds',
  CLS: 'perflens_web_vitals_cls',
  FCP: 'perflens_web_vitals_fcp_seconds',
  TTFB: 'perflens_web_vitals_ttfb_seconds',
  PageLoad: 'perflens_web_vitals_page_load_seconds',
} as const;

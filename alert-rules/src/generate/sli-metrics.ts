/**
 * The request histogram every SLI is computed from (OpenTelemetry `http.server.request.duration`, as the
 * instrumentation library exports it). The contract test checks the generated rules against the catalogue.
 */
export const HTTP_DURATION_METRIC = 'http_server_request_duration_seconds';

/** Server errors burn the availability budget; client aborts (499) and 4xx are the caller's doing. */
export const SERVER_ERROR_STATUS = '5..';

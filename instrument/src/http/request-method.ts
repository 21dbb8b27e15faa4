/**
 * The methods OpenTelemetry keeps as label values (http.request.method); anything else, including
 * methods invented by a client, is `_OTHER`, so a client cannot mint series.
 */
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

export const OTHER_METHOD = '_OTHER';

export function normalizeMethod(method: string | undefined): string {
  return method !== undefined && KNOWN_METHODS.has(method) ? method : OTHER_METHOD;
}

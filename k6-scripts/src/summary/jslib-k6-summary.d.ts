// Types for the k6 jslib summary module, which is plain JavaScript served from jslib.k6.io
// (source: grafana/k6-jslib-summary). Only the function the suite calls is declared.
declare module 'https://jslib.k6.io/k6-summary/0.0.2/index.js' {
  /** k6's usual end-of-test text summary. */
  export function textSummary(data: unknown, options?: { indent?: string; enableColors?: boolean }): string;
}

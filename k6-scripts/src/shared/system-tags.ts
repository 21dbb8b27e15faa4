/**
 * k6's system tags minus `url` and `error`. Both carry the full URL (error messages quote it), which makes one
 * Prometheus series per URL through remote write (grafana/k6#3761); the `name` tag already carries the route
 * template and `error_code` the kind of failure. List from the k6 docs, "Tags and groups: system tags".
 */
export const BOUNDED_SYSTEM_TAGS: readonly string[] = [
  'proto',
  'subproto',
  'status',
  'method',
  'name',
  'group',
  'check',
  'error_code',
  'tls_version',
  'scenario',
  'service',
  'expected_response',
];

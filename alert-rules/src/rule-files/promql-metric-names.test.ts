import { promqlMetricNames } from './promql-metric-names';

describe('metric names in PromQL', () => {
  it.each([
    {
      title: 'aggregations with the grouping before the argument are not metrics',
      expr: 'max by (job) (pg_settings_max_connections) - sum without (kind) (x)',
      names: ['pg_settings_max_connections', 'x'],
    },
    { title: 'a bare selector', expr: 'up == 0', names: ['up'] },
    {
      title: 'label matchers, ranges and aggregation labels are not metrics',
      expr: 'sum by (job, http_route) (rate(http_server_request_duration_seconds_count{http_route="/a/{id}",le="0.25"}[5m]))',
      names: ['http_server_request_duration_seconds_count'],
    },
    {
      title: 'numbers with exponents and functions are skipped',
      expr: 'predict_linear(nodejs_heap_size_used_bytes[1h], 4 * 3600) > 1.8e9 and vector(1)',
      names: ['nodejs_heap_size_used_bytes'],
    },
    {
      title: 'both sides of a binary operation with on() are kept',
      expr: 'pg_replication_lag_seconds > 30 and on (job, instance) pg_replication_is_replica == 1',
      names: ['pg_replication_is_replica', 'pg_replication_lag_seconds'],
    },
    {
      title: 'recorded series names with colons are kept',
      expr: 'slo:sli_error:ratio_rate1h{job="a",slo="b"} > (14.4 * 0.001)',
      names: ['slo:sli_error:ratio_rate1h'],
    },
  ])('$title', ({ expr, names }) => {
    expect(promqlMetricNames(expr)).toEqual(names);
  });
});

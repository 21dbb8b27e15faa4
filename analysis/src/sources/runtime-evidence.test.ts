import { runtimeQueries } from './runtime-evidence';
import { routeBlockingEvidenceQueries, routeBlockingQueries } from './runtime-evidence-routes';

const scope = { job: 'demo-api', endSeconds: 0, rangeSeconds: 900 };

describe('memory growth queries', () => {
  it('fit every sample of the range without a warm-up', () => {
    const queries = runtimeQueries(scope, 0.1, { warmupSeconds: 0, minRangeSeconds: 600 });
    expect(queries.retainedGrowth).toMatch(/^\(sum by \(instance\) \(deriv\(.*\[15m\]\)\)/);
    expect(queries.retainedGrowth).not.toContain('process_start_time_seconds');
  });

  it('leave out each process’s warm-up and need the minimum range after it', () => {
    const queries = runtimeQueries(scope, 0.1, { warmupSeconds: 600, minRangeSeconds: 600 });
    const warmingUp =
      'unless on (instance) (time() - max by (instance) (process_start_time_seconds{job="demo-api"}) < 600))[15m:1s]';
    expect(queries.retainedGrowth).toContain(warmingUp);
    expect(queries.retainedGrowth).toMatch(
      /^deriv\(.*\) \* 900 and on \(instance\) \(count_over_time\(.*\) \* 1 >= 600\)$/,
    );
    expect(queries.retainedMean).toMatch(/^avg_over_time\(/);
    expect(queries.retainedMean).toContain(warmingUp);
  });
});

describe('event-loop peak and per-route loop-time queries', () => {
  it('read the worst scrape interval and the time-weighted share above the lag threshold', () => {
    const queries = runtimeQueries(scope, 0.1);
    expect(queries.eventLoopLagPeak).toBe(
      'max by (instance) (max_over_time(nodejs_eventloop_lag_p99_seconds{job="demo-api"}[15m]))',
    );
    expect(queries.eventLoopLagging).toBe(
      'avg_over_time((max by (instance) (nodejs_eventloop_lag_p99_seconds{job="demo-api"}) > bool 0.1)[15m:1s])',
    );
  });

  it('read each route’s synchronous time and request rate per instance, and one route alone for evidence', () => {
    expect(routeBlockingQueries(scope)).toEqual({
      routeBlocking:
        'sum by (instance, http_request_method, http_route) (rate(perflens_http_route_blocking_seconds_total{job="demo-api"}[15m]))',
      routeRequests:
        'sum by (instance, http_request_method, http_route) (rate(http_server_request_duration_seconds_count{job="demo-api"}[15m]))',
    });
    const evidence = {
      byInstance: new Map(),
      queries: routeBlockingQueries(scope),
      job: 'demo-api',
      range: '15m',
    };
    expect(routeBlockingEvidenceQueries(evidence, 'api-1:3000', { method: 'GET', route: '/a' })).toEqual({
      perCall:
        'sum(rate(perflens_http_route_blocking_seconds_total{job="demo-api",instance="api-1:3000",http_request_method="GET",http_route="/a"}[15m])) / sum(rate(http_server_request_duration_seconds_count{job="demo-api",instance="api-1:3000",http_request_method="GET",http_route="/a"}[15m]))',
      utilizationShare:
        'sum(rate(perflens_http_route_blocking_seconds_total{job="demo-api",instance="api-1:3000",http_request_method="GET",http_route="/a"}[15m])) / avg(avg_over_time(perflens_nodejs_eventloop_utilization{job="demo-api",instance="api-1:3000"}[15m]))',
    });
  });
});

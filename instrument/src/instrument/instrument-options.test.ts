import express from 'express';
import { instrument } from './instrument';

describe('instrument() options', () => {
  it.each([
    [
      'an app that is not Express',
      { app: {} },
      'app: expected an Express application (the value returned by express())',
    ],
    ['a pool that is not a pg Pool', { pool: { query() {} } }, 'pool: expected a pg Pool'],
    [
      'a series cap of zero',
      { maxSeriesPerMetric: 0 },
      'maxSeriesPerMetric: Too small: expected number to be >=1',
    ],
    ['buckets out of order', { durationBuckets: [0.1, 0.05] }, 'durationBuckets: must be strictly ascending'],
    [
      'a short metrics token',
      { metricsToken: 'short' },
      'metricsToken: a metrics token must be at least 16 characters',
    ],
    ['a metrics path without a slash', { metricsPath: 'metrics' }, 'metricsPath: '],
    ['an unknown option', { routeLabel: 'path' }, '(options): Unrecognized key: "routeLabel"'],
  ])('rejects %s, naming the option', (_title, overrides, message) => {
    const options = { app: express(), defaultMetrics: false, ...overrides };
    expect(() => instrument(options as never)).toThrow(message);
  });

  it('starts every message with the function it came from', () => {
    expect(() => instrument({ app: express(), maxSeriesPerMetric: -1, defaultMetrics: false })).toThrow(
      /^perflens instrument\(\): invalid options\n {2}- maxSeriesPerMetric: /,
    );
  });

  it('accepts a minimal configuration and registers the HTTP metrics on its own registry', async () => {
    const perf = instrument({ app: express(), defaultMetrics: false });
    const names = (await perf.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'http_server_request_duration_seconds',
        'http_server_active_requests',
        'db_client_operation_duration_seconds',
        'perflens_nodejs_eventloop_utilization',
        'perflens_metric_series_dropped_total',
      ]),
    );
  });
});

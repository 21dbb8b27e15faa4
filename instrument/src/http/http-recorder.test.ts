import { SERIES_DROPPED_METRIC } from '@perflens/conventions';
import { Registry } from 'prom-client';
import { CardinalityGuard, OVERFLOW_LABEL_VALUE } from '../cardinality/cardinality-guard';
import {
  HTTP_REQUEST_BODY_SIZE,
  HTTP_REQUEST_DURATION,
  HTTP_RESPONSE_BODY_SIZE,
  registerHttpMetrics,
  ROUTE_DB_QUERIES,
  ROUTE_DB_SECONDS,
} from './http-metrics';
import { HttpRecorder } from './http-recorder';

function setup(maxSeriesPerMetric: number) {
  const registry = new Registry();
  const guard = new CardinalityGuard({ registry, maxSeriesPerMetric });
  const metrics = registerHttpMetrics(registry);
  const recorder = new HttpRecorder(metrics, guard);
  const valuesOf = async (name: string, suffix: string) =>
    (await registry.getSingleMetric(name)!.get()).values
      .filter((v) => (v as { metricName?: string }).metricName?.endsWith(suffix) ?? true)
      .map((v) => ({ labels: v.labels, value: v.value }));
  return { registry, guard, recorder, valuesOf };
}

const db = (seconds: number, queries: number) => ({ seconds, queries });

describe('HttpRecorder', () => {
  it('writes duration and the body sizes that were sent, per (method, route, status)', async () => {
    const { recorder, valuesOf } = setup(100);
    recorder.record('GET', '/users/:id', '200', 0.02, undefined, 120, undefined);
    recorder.record('GET', '/users/:id', '200', 0.04, undefined, 80, undefined);
    recorder.record('POST', '/users', '201', 0.1, 300, undefined, undefined);

    expect(await valuesOf(HTTP_REQUEST_DURATION, '_count')).toEqual([
      {
        labels: { http_request_method: 'GET', http_route: '/users/:id', http_response_status_code: '200' },
        value: 2,
      },
      {
        labels: { http_request_method: 'POST', http_route: '/users', http_response_status_code: '201' },
        value: 1,
      },
    ]);
    expect(await valuesOf(HTTP_RESPONSE_BODY_SIZE, '_sum')).toEqual([
      {
        labels: { http_request_method: 'GET', http_route: '/users/:id', http_response_status_code: '200' },
        value: 200,
      },
    ]);
    expect(await valuesOf(HTTP_REQUEST_BODY_SIZE, '_sum')).toEqual([
      {
        labels: { http_request_method: 'POST', http_route: '/users', http_response_status_code: '201' },
        value: 300,
      },
    ]);
  });

  it('folds label sets past the cap into the overflow series and counts every such request', async () => {
    const { registry, recorder, valuesOf } = setup(2);
    for (const route of ['/a', '/b', '/c', '/d', '/c'])
      recorder.record('GET', route, '200', 0.01, undefined, 5, db(0.001, 1));

    const overflow = {
      http_request_method: OVERFLOW_LABEL_VALUE,
      http_route: OVERFLOW_LABEL_VALUE,
      http_response_status_code: OVERFLOW_LABEL_VALUE,
    };
    expect(
      (await valuesOf(HTTP_REQUEST_DURATION, '_count')).map((v) => [v.labels.http_route, v.value]),
    ).toEqual([
      ['/a', 1],
      ['/b', 1],
      [OVERFLOW_LABEL_VALUE, 3],
    ]);
    expect((await valuesOf(HTTP_RESPONSE_BODY_SIZE, '_count')).at(-1)).toEqual({
      labels: overflow,
      value: 3,
    });
    // The route counters have their own cap: overflowing routes never keep the labels of another route.
    expect((await valuesOf(ROUTE_DB_SECONDS, '')).map((v) => [v.labels.http_route, v.value])).toEqual(
      [
        ['/a', 1],
        ['/b', 1],
        [OVERFLOW_LABEL_VALUE, 3],
      ].map(([route, queries]) => [route, (queries as number) * 0.001]),
    );
    const dropped = (await registry.getSingleMetric(SERIES_DROPPED_METRIC)!.get()).values;
    expect(dropped.map((v) => [v.labels.metric, v.value])).toEqual([
      [HTTP_REQUEST_DURATION, 3],
      [ROUTE_DB_SECONDS, 3],
    ]);
  });

  it('keeps recording after registry.resetMetrics() dropped the series it had kept', async () => {
    const { registry, recorder, valuesOf } = setup(100);
    recorder.record('GET', '/a', '200', 0.01, 10, 10, undefined);
    registry.resetMetrics();
    recorder.record('GET', '/a', '200', 0.01, 10, 10, undefined);
    for (const name of [HTTP_REQUEST_DURATION, HTTP_REQUEST_BODY_SIZE, HTTP_RESPONSE_BODY_SIZE]) {
      expect((await valuesOf(name, '_count')).map((v) => v.value)).toEqual([1]);
    }
  });

  it('sums database time per (method, route) across statuses, also after registry.resetMetrics()', async () => {
    const { registry, recorder, valuesOf } = setup(100);
    const routeTotals = async () =>
      Promise.all(
        [ROUTE_DB_SECONDS, ROUTE_DB_QUERIES].map(async (name) =>
          (await valuesOf(name, '')).map((v) => [v.labels.http_request_method, v.labels.http_route, v.value]),
        ),
      );
    recorder.record('GET', '/a', '200', 0.01, undefined, undefined, db(0.5, 2));
    recorder.record('GET', '/a', '200', 0.01, undefined, undefined, db(0.5, 2));
    recorder.record('GET', '/a', '500', 0.01, undefined, undefined, db(0.25, 1));
    recorder.record('POST', '/a', '200', 0.01, undefined, undefined, db(0, 0));
    expect(await routeTotals()).toEqual([
      [
        ['GET', '/a', 1.25],
        ['POST', '/a', 0],
      ],
      [
        ['GET', '/a', 5],
        ['POST', '/a', 0],
      ],
    ]);

    registry.resetMetrics();
    recorder.record('GET', '/a', '500', 0.01, undefined, undefined, db(1, 3));
    recorder.record('GET', '/a', '200', 0.01, undefined, undefined, db(0.5, 1));
    expect(await routeTotals()).toEqual([[['GET', '/a', 1.5]], [['GET', '/a', 4]]]);
  });
});

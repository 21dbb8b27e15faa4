import { of, throwError } from 'rxjs';
import type { BackendSrv, BackendSrvRequest } from '@grafana/runtime';
import { PrometheusQueryError, PrometheusUnreachableError } from '@perflens/analysis/engine';
import { createGrafanaPrometheusClient } from './grafana-prometheus-client';

function backendSrv(answer: (request: BackendSrvRequest) => unknown) {
  const requests: BackendSrvRequest[] = [];
  const srv = {
    fetch: (request: BackendSrvRequest) => {
      requests.push(request);
      return answer(request);
    },
  } as unknown as BackendSrv;
  return { srv, requests };
}

describe('Grafana data source PrometheusClient', () => {
  it('posts the query as a form to the data source proxy and returns the vector', async () => {
    const { srv, requests } = backendSrv(() =>
      of({
        data: {
          status: 'success',
          data: {
            resultType: 'vector',
            result: [{ metric: { http_route: '/api/products' }, value: [1700000000, '0.25'] }],
          },
        },
      })
    );
    const series = await createGrafanaPrometheusClient(srv, 'prom uid').query('up{job="x"}', 1700000000);
    expect(series).toEqual([{ labels: { http_route: '/api/products' }, value: 0.25 }]);
    expect(requests[0]).toMatchObject({
      url: '/api/datasources/proxy/uid/prom%20uid/api/v1/query',
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      data: 'query=up%7Bjob%3D%22x%22%7D&time=1700000000',
    });
  });

  it('returns a scalar as one series without labels', async () => {
    const { srv } = backendSrv(() =>
      of({ data: { status: 'success', data: { resultType: 'scalar', result: [1, '42'] } } })
    );
    await expect(createGrafanaPrometheusClient(srv, 'p').query('42', 1)).resolves.toEqual([{ labels: {}, value: 42 }]);
  });

  it.each([
    [
      'a query Prometheus rejects is a query error carrying its reason',
      {
        status: 400,
        statusText: 'Bad Request',
        data: { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' },
      },
      new PrometheusQueryError('rate(', 'bad_data', 'parse error at char 3'),
    ],
    [
      'a proxy failure without a Prometheus answer means unreachable',
      { status: 502, statusText: 'Bad Gateway', data: { message: 'data source unavailable' } },
      new PrometheusUnreachableError('/api/datasources/proxy/uid/p/api/v1/query', 'HTTP 502 Bad Gateway'),
    ],
  ])('%s', async (_title, failure, expected) => {
    const { srv } = backendSrv(() => throwError(() => ({ ...failure, config: {} })));
    const query = createGrafanaPrometheusClient(srv, 'p').query('rate(', 1);
    await expect(query).rejects.toThrow(expected.message);
    await expect(query).rejects.toBeInstanceOf(expected.constructor);
  });
});

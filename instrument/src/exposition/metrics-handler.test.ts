import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry } from 'prom-client';
import { OPENMETRICS_TEXT, PROMETHEUS_TEXT, negotiateContentType } from './exposition-format';
import { createMetricsHandler } from './metrics-handler';

const TOKEN = 'a-test-token-of-32-characters-xx';

describe('negotiateContentType', () => {
  it.each([
    ['no Accept header', undefined, PROMETHEUS_TEXT],
    [
      'Prometheus 2.42 default scrape Accept',
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      OPENMETRICS_TEXT,
    ],
    ['a plain text request', 'text/plain', PROMETHEUS_TEXT],
    ['curl', '*/*', PROMETHEUS_TEXT],
    ['OpenMetrics ranked below text', 'text/plain;q=1,application/openmetrics-text;q=0.5', PROMETHEUS_TEXT],
  ])('%s', (_title, accept, expected) => {
    expect(negotiateContentType(accept)).toBe(expected);
  });
});

describe('metrics handler', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const registry = new Registry();
    new Counter({ name: 'demo_requests_total', help: 'demo', registers: [registry] }).inc(3);
    new Histogram({ name: 'demo_seconds', help: 'demo', buckets: [1], registers: [registry] }).observe(0.5);
    const app = express();
    app.get('/metrics', createMetricsHandler({ registry, bearerToken: TOKEN }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (headers: Record<string, string>) => fetch(url, { headers });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { Authorization: 'Bearer wrong-token-wrong-token-xx' }],
    ['a token in the wrong scheme', { Authorization: `Basic ${TOKEN}` }],
  ])('answers 401 to %s', async (_title, headers) => {
    const response = await get(headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="perflens metrics"');
  });

  it('serves Prometheus text with the token', async () => {
    const response = await get({ Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(PROMETHEUS_TEXT);
    expect(await response.text()).toContain('demo_requests_total 3');
  });

  it('alternates OpenMetrics and text renders without losing counter names', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const openMetrics = await (
      await get({ ...auth, Accept: 'application/openmetrics-text; version=1.0.0' })
    ).text();
    const text = await (await get(auth)).text();
    expect(openMetrics).toContain('# TYPE demo_requests counter\ndemo_requests_total 3');
    expect(openMetrics.endsWith('# EOF\n')).toBe(true);
    expect(text).toContain('# TYPE demo_requests_total counter\ndemo_requests_total 3');
    expect(text).not.toContain('# EOF');
  });

  it('keeps formats apart when scrapes of both kinds overlap', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const bodies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        get(i % 2 === 0 ? auth : { ...auth, Accept: 'application/openmetrics-text' }).then((r) => r.text()),
      ),
    );
    bodies.forEach((body, i) => expect(body.includes('# EOF')).toBe(i % 2 === 1));
    bodies.forEach((body) => expect(body).toContain('demo_requests_total 3'));
  });
});

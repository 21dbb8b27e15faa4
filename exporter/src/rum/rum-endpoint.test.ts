import {
  rawRequest,
  seriesValue,
  startRumTestServer,
  type RumTestServer,
} from '../../test/rum/rum-test-server';

const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36';
let idCounter = 0;
const beacon = (
  metrics: object[] = [{ name: 'LCP', value: 1800, id: `v5-${++idCounter}` }],
  page = 'https://shop.example/products/42',
) => JSON.stringify({ page, metrics });
const post = (
  server: RumTestServer,
  body: string | Buffer | (string | Buffer)[],
  headers: Record<string, string> = {},
) =>
  rawRequest(`${server.url}/rum`, {
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': DESKTOP_UA, ...headers },
    body,
  });

describe('POST /rum', () => {
  let server: RumTestServer;
  beforeEach(async () => {
    server = await startRumTestServer();
  });
  afterEach(() => server.close());

  it('accepts a sendBeacon body and records it under the page template and device class', async () => {
    const response = await post(server, beacon());
    expect([response.status, JSON.parse(response.body)]).toEqual([
      202,
      { accepted: 1, duplicates: 0, rejected: 0 },
    ]);
    const labels = 'page="/products/:id",device_class="desktop"';
    expect(
      await seriesValue(server.registry, `perflens_web_vitals_lcp_seconds_bucket{le="1.5",${labels}}`),
    ).toBe(0);
    expect(
      await seriesValue(server.registry, `perflens_web_vitals_lcp_seconds_bucket{le="2",${labels}}`),
    ).toBe(1);
    expect(await seriesValue(server.registry, `perflens_web_vitals_lcp_seconds_sum{${labels}}`)).toBe(1.8);
    expect(
      await seriesValue(server.registry, 'perflens_rum_beacons_total{outcome="accepted",reason="ok"}'),
    ).toBe(1);
  });

  it.each([
    [
      'LCP at the good threshold into the le="2.5" bucket',
      'LCP',
      2500,
      'perflens_web_vitals_lcp_seconds_bucket{le="2.5"',
      1,
    ],
    [
      'INP just over the poor threshold above le="0.5"',
      'INP',
      501,
      'perflens_web_vitals_inp_seconds_bucket{le="0.5"',
      0,
    ],
    [
      'CLS at the good threshold into the le="0.1" bucket',
      'CLS',
      0.1,
      'perflens_web_vitals_cls_bucket{le="0.1"',
      1,
    ],
    [
      'FCP at the poor threshold into the le="3" bucket',
      'FCP',
      3000,
      'perflens_web_vitals_fcp_seconds_bucket{le="3"',
      1,
    ],
    [
      'TTFB at the good threshold into the le="0.8" bucket',
      'TTFB',
      800,
      'perflens_web_vitals_ttfb_seconds_bucket{le="0.8"',
      1,
    ],
    [
      'the page load time in seconds',
      'PageLoad',
      2000,
      'perflens_web_vitals_page_load_seconds_bucket{le="2"',
      1,
    ],
  ])('counts %s', async (_title, name, value, seriesPrefix, expected) => {
    expect((await post(server, beacon([{ name, value, id: `t-${++idCounter}` }]))).status).toBe(202);
    expect(
      await seriesValue(server.registry, `${seriesPrefix},page="/products/:id",device_class="desktop"}`),
    ).toBe(expected);
  });

  it.each([
    [
      'a form content type',
      { 'content-type': 'application/x-www-form-urlencoded' },
      beacon(),
      415,
      'unsupported_content_type',
    ],
    ['no content type', { 'content-type': '' }, beacon(), 415, 'unsupported_content_type'],
    ['a gzip body', { 'content-encoding': 'gzip' }, beacon(), 415, 'unsupported_encoding'],
    [
      'an unknown charset',
      { 'content-type': 'text/plain; charset=klingon' },
      beacon(),
      415,
      'unsupported_charset',
    ],
    ['a body of 64 KiB + 1 byte', {}, 'x'.repeat(64 * 1024 + 1), 413, 'body_too_large'],
    [
      'a chunked body past the limit without Content-Length',
      {},
      Array(40).fill('x'.repeat(4096)),
      413,
      'body_too_large',
    ],
    ['a body that is not JSON', {}, 'page=/&lcp=1', 400, 'invalid_json'],
    ['an empty body', {}, '', 400, 'invalid_payload'],
    [
      'a beacon whose samples are all invalid',
      {},
      beacon([{ name: 'LCP', value: 'NaN', id: 'x' }]),
      400,
      'no_valid_samples',
    ],
    ['a page from a foreign origin', { origin: 'https://evil.example' }, beacon(), 403, 'origin_not_allowed'],
  ])('refuses %s with a reason', async (_title, headers, body, status, reason) => {
    const response = await post(server, body, headers);
    expect([response.status, JSON.parse(response.body).error]).toEqual([status, reason]);
    expect(
      await seriesValue(server.registry, `perflens_rum_beacons_total{outcome="rejected",reason="${reason}"}`),
    ).toBe(1);
  });

  it('suppresses a sample it has already seen and says so', async () => {
    const body = beacon([{ name: 'CLS', value: 0.05, id: 'v5-same' }]);
    await post(server, body);
    const again = await post(server, body);
    expect([again.status, JSON.parse(again.body)]).toEqual([
      202,
      { accepted: 0, duplicates: 1, rejected: 0 },
    ]);
    expect(
      await seriesValue(
        server.registry,
        'perflens_web_vitals_cls_count{page="/products/:id",device_class="desktop"}',
      ),
    ).toBe(1);
    expect(
      await seriesValue(
        server.registry,
        'perflens_rum_samples_total{outcome="duplicate",reason="duplicate_id"}',
      ),
    ).toBe(1);
  });

  it('keeps the good samples of a beacon that also carries bad ones', async () => {
    const response = await post(
      server,
      beacon([
        { name: 'FID', value: 1, id: 'a' },
        { name: 'FCP', value: 900, id: `f-${++idCounter}` },
      ]),
    );
    expect([response.status, JSON.parse(response.body)]).toEqual([
      202,
      { accepted: 1, duplicates: 0, rejected: 1 },
    ]);
    expect(
      await seriesValue(
        server.registry,
        'perflens_rum_samples_total{outcome="rejected",reason="unknown_name"}',
      ),
    ).toBe(1);
    expect(
      await seriesValue(server.registry, 'perflens_rum_beacons_total{outcome="accepted",reason="partial"}'),
    ).toBe(1);
  });

  it.each([
    ['fetch’s JSON with a quoted charset', 'application/json; charset="utf-8"'],
    ['text in ISO-8859-1', 'text/plain; charset=ISO-8859-1'],
    ['text with no charset (UTF-8)', 'text/plain'],
  ])('accepts %s', async (_title, contentType) => {
    const response = await post(server, beacon(), { 'content-type': contentType });
    expect([response.status, JSON.parse(response.body).accepted]).toEqual([202, 1]);
  });

  it('takes a page load of exactly 120 s and refuses one past it, as documented', async () => {
    const at = await post(server, beacon([{ name: 'PageLoad', value: 120_000, id: 'pl-at-limit' }]));
    const past = await post(server, beacon([{ name: 'PageLoad', value: 120_001, id: 'pl-past-limit' }]));
    expect([at.status, past.status, JSON.parse(past.body).error]).toEqual([202, 400, 'no_valid_samples']);
    const labels = 'page="/products/:id",device_class="desktop"';
    expect([
      await seriesValue(server.registry, `perflens_web_vitals_page_load_seconds_bucket{le="120",${labels}}`),
      await seriesValue(server.registry, `perflens_web_vitals_page_load_seconds_count{${labels}}`),
      await seriesValue(
        server.registry,
        'perflens_rum_samples_total{outcome="rejected",reason="out_of_range"}',
      ),
    ]).toEqual([1, 1, 1]);
  });

  it('folds unknown pages into "other"', async () => {
    await post(server, beacon(undefined, 'https://shop.example/some/unlisted/page?q=1'));
    expect(
      await seriesValue(
        server.registry,
        'perflens_web_vitals_lcp_seconds_count{page="other",device_class="desktop"}',
      ),
    ).toBe(1);
  });

  it('lets an allowed origin read the response', async () => {
    const response = await post(server, beacon(), { origin: 'https://shop.example' });
    expect([response.status, response.headers['access-control-allow-origin'], response.headers.vary]).toEqual(
      [202, 'https://shop.example', 'Origin'],
    );
  });

  it.each([
    ['an allowed origin', 'https://shop.example', 204, 'POST, OPTIONS'],
    ['a foreign origin', 'https://evil.example', 403, undefined],
  ])('answers a preflight from %s', async (_title, origin, status, methods) => {
    const response = await rawRequest(`${server.url}/rum`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect([response.status, response.headers['access-control-allow-methods']]).toEqual([status, methods]);
  });

  it('refuses GET with 405 and the allowed methods', async () => {
    const response = await rawRequest(`${server.url}/rum`, { method: 'GET' });
    expect([response.status, response.headers.allow, JSON.parse(response.body).error]).toEqual([
      405,
      'POST, OPTIONS',
      'method_not_allowed',
    ]);
  });
});

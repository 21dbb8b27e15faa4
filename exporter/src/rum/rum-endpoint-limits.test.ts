import http from 'node:http';
import type { TrustProxy } from './client-address';
import type { RumEndpointOptions } from './rum-endpoint';
import {
  rawRequest,
  seriesValue,
  startRumTestServer,
  type RumTestServer,
} from '../../test/rum/rum-test-server';

const BROWSER = 'https://shop.example';
let idCounter = 0;
const beacon = () =>
  JSON.stringify({ page: '/', metrics: [{ name: 'LCP', value: 1800, id: `lim-${++idCounter}` }] });

/** One POST /rum from `forwardedFor` (the test server trusts loopback, so that is the client), with or without Origin. */
const post = (server: RumTestServer, forwardedFor: string, origin?: string) =>
  rawRequest(`${server.url}/rum`, {
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'x-forwarded-for': forwardedFor,
      ...(origin === undefined ? {} : { origin }),
    },
    body: beacon(),
  });

/** Buckets that do not refill while a test runs (a token every 1,000 s), so the counts are exact. */
const bucket = (burst: number) => ({ ratePerSecond: 0.001, burst });

async function withServer(
  overrides: Partial<RumEndpointOptions>,
  run: (server: RumTestServer) => Promise<void>,
): Promise<void> {
  const server = await startRumTestServer(overrides);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

describe('POST /rum rate limits', () => {
  it('answers 429 with Retry-After once a client has spent its burst, while other clients go on', () =>
    withServer(
      {
        rateLimit: {
          perClient: { ratePerSecond: 0.5, burst: 2 },
          global: bucket(1000),
          maxTrackedClients: 100,
        },
      },
      async (server) => {
        const statuses = [
          (await post(server, '203.0.113.1')).status,
          (await post(server, '203.0.113.1')).status,
        ];
        const limited = await post(server, '203.0.113.1');
        const other = await post(server, '203.0.113.2');
        expect([
          ...statuses,
          limited.status,
          limited.headers['retry-after'],
          JSON.parse(limited.body).error,
          other.status,
        ]).toEqual([202, 202, 429, '2', 'rate_limited', 202]);
      },
    ));

  it('answers 429 to every browser once the browsers’ global limit is spent', () =>
    withServer(
      { rateLimit: { perClient: bucket(100), global: bucket(3), maxTrackedClients: 100 } },
      async (server) => {
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await post(server, `198.51.100.${i}`, BROWSER)).status);
        expect(statuses).toEqual([202, 202, 202, 429]);
      },
    ));

  it('gives requests without Origin buckets of their own: a script spending them leaves browsers theirs', () =>
    withServer(
      {
        rateLimit: {
          perClient: bucket(2),
          global: bucket(3),
          withoutOrigin: bucket(3),
          maxTrackedClients: 100,
        },
      },
      async (server) => {
        // A script at 203.0.113.9 spends its own bucket, then scripts elsewhere spend the shared one.
        const script = [];
        for (let i = 0; i < 3; i++) script.push((await post(server, '203.0.113.9')).status);
        const otherScripts = [
          (await post(server, '203.0.113.10')).status,
          (await post(server, '203.0.113.11')).status,
        ];
        const lastScript = await post(server, '203.0.113.12');
        // Browsers, one of them behind the script's very address, still have every token.
        const browsers = [];
        for (const address of ['203.0.113.9', '203.0.113.9', '198.51.100.1'])
          browsers.push((await post(server, address, BROWSER)).status);
        expect({
          script,
          otherScripts,
          lastScript: [lastScript.status, JSON.parse(lastScript.body).message],
          browsers,
        }).toEqual({
          script: [202, 202, 429],
          otherScripts: [202, 429],
          lastScript: [
            429,
            expect.stringContaining('too many beacons (global without Origin limit); retry after'),
          ],
          browsers: [202, 202, 202],
        });
      },
    ));

  it('keeps the buckets of requests without Origin when browsers spend theirs', () =>
    withServer(
      {
        rateLimit: {
          perClient: bucket(100),
          global: bucket(2),
          withoutOrigin: bucket(2),
          maxTrackedClients: 100,
        },
      },
      async (server) => {
        const browsers = [];
        for (let i = 0; i < 3; i++) browsers.push((await post(server, `198.51.100.${i}`, BROWSER)).status);
        const script = (await post(server, '203.0.113.9')).status;
        expect([...browsers, script]).toEqual([202, 202, 429, 202]);
        expect(
          await seriesValue(
            server.registry,
            'perflens_rum_beacons_total{outcome="rejected",reason="rate_limited"}',
          ),
        ).toBe(1);
      },
    ));
});

describe('POST /rum client addresses behind proxies', () => {
  // The proxies here are loopback (the test's own connections); each row forges the left-most entries
  // anew on every request, as a client rotating X-Forwarded-For to look like new visitors would.
  it.each<[string, TrustProxy, (forged: string, client: string) => string]>([
    ['one trusted hop', 1, (forged, client) => `${forged}, ${client}`],
    ['trustProxy true (one hop)', true, (forged, client) => `${forged}, ${client}`],
    ['two trusted hops', 2, (forged, client) => `${forged}, ${client}, 10.0.0.3`],
    [
      'trusted subnets',
      'loopback, 10.0.0.0/8',
      (forged, client) => `${forged}, ${forged}, ${client}, 10.0.0.3`,
    ],
  ])('with %s, rotating forged entries share one client’s bucket', (_title, trustProxy, forwardedFor) =>
    withServer(
      { trustProxy, rateLimit: { perClient: bucket(2), global: bucket(1000), maxTrackedClients: 100 } },
      async (server) => {
        const statuses = [];
        for (let i = 0; i < 4; i++)
          statuses.push((await post(server, forwardedFor(`192.0.2.${i}`, '198.51.100.7'), BROWSER)).status);
        const anotherClient = await post(server, forwardedFor('192.0.2.99', '198.51.100.8'), BROWSER);
        expect([...statuses, anotherClient.status]).toEqual([202, 202, 429, 429, 202]);
        expect(server.endpoint.memoryBounds().trackedClients).toBe(2);
      },
    ),
  );

  it('ignores X-Forwarded-For when no proxy is trusted: every request is the peer’s', () =>
    withServer(
      {
        trustProxy: false,
        rateLimit: { perClient: bucket(2), global: bucket(1000), maxTrackedClients: 100 },
      },
      async (server) => {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await post(server, `198.51.100.${i}`, BROWSER)).status);
        expect(statuses).toEqual([202, 202, 429]);
      },
    ));
});

describe('POST /rum refusals on a keep-alive connection', () => {
  it('reads off a refused body so the next beacon reuses the same connection', () =>
    withServer(
      // Four tokens: the refusals below spend them too (the limit comes before the body is looked at).
      { rateLimit: { perClient: bucket(4), global: bucket(1000), maxTrackedClients: 100 } },
      async (server) => {
        const oneConnection = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const send = (body: string | string[], headers: Record<string, string> = {}) =>
          rawRequest(`${server.url}/rum`, {
            agent: oneConnection,
            headers: { 'content-type': 'text/plain', 'x-forwarded-for': '198.51.100.1', ...headers },
            body,
          });
        try {
          const statuses = [
            (await send('x'.repeat(70 * 1024))).status, // declared too large
            (await send(Array(20).fill('x'.repeat(4096)))).status, // chunked past the limit
            (await send(beacon(), { 'content-type': 'image/png' })).status,
            (await send(beacon())).status,
            (await send('x'.repeat(70 * 1024))).status, // the client's bucket is empty: 429, body unread
            (await send(beacon(), { origin: BROWSER })).status, // its browser bucket is another
          ];
          expect([statuses, server.connectionsAccepted()]).toEqual([[413, 413, 415, 202, 429, 202], 1]);
        } finally {
          oneConnection.destroy();
        }
      },
    ));
});

/**
 * @jest-environment node
 */
import http from 'http';
import type { AddressInfo } from 'net';
import os from 'os';
import { HARNESS_ROLE_HEADER } from '../harness/entry/harness-session';
import { type HarnessServer, startHarnessServer } from '../harness/harness-server';

/**
 * The harness server's stand-in for Grafana's plugin proxy applies plugin/src/plugin.json's route rules
 * (method, reqRole, reqAction) to the signed-in role, so the browser tests exercise the same server-side
 * refusals Grafana makes. Upstream is a local server that records what reaches it.
 */
interface Received {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

let upstream: http.Server;
let upstreamUrl: string;
const received: Received[] = [];
let harness: HarnessServer;

beforeAll(async () => {
  upstream = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString(),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  harness = await startHarnessServer({
    bundleDir: os.tmpdir(),
    prometheusUrl: upstreamUrl,
    jsonData: { exporterUrl: upstreamUrl, alertmanagerUrl: upstreamUrl },
  });
  // The Configuration page stores the exporter token as secureJsonData; only the proxy reads it back.
  await fetch(`${harness.url}/api/plugins/perflens-insights-app/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secureJsonData: { exporterToken: 'admin-token-for-tests' } }),
  });
}, 30_000);

afterAll(async () => {
  await harness?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

async function call(role: string | undefined, method: string, routePath: string) {
  received.length = 0;
  const response = await fetch(`${harness.url}/api/plugin-proxy/perflens-insights-app/${routePath}`, {
    method,
    headers: { 'content-type': 'application/json', ...(role ? { [HARNESS_ROLE_HEADER]: role } : {}) },
    body: method === 'GET' ? undefined : '{"comment":"x"}',
  });
  const body = (await response.json()) as { message?: string };
  return { status: response.status, message: body.message, upstream: received.map((r) => `${r.method} ${r.url}`) };
}

const APPLY = 'exporter/api/v1/advisor/recommendations/r1/apply';
const ROLLBACK = 'exporter/api/v1/advisor/applications/a1/rollback';
const SILENCES = 'alertmanager/api/v2/silences';

describe('plugin routes through the harness proxy, as Grafana enforces them', () => {
  it('refuses a request without a signed-in user', async () => {
    expect(await call(undefined, 'GET', 'exporter/api/v1/advisor/recommendations')).toEqual({
      status: 401,
      message: 'Unauthorized',
      upstream: [],
    });
  });

  it('lets a Viewer read the advisor, with the stored token added server-side', async () => {
    expect(await call('Viewer', 'GET', 'exporter/api/v1/advisor/recommendations')).toMatchObject({
      status: 200,
      upstream: ['GET /api/v1/advisor/recommendations'],
    });
    const result = await call('Viewer', 'GET', 'exporter/api/v1/advisor/audit');
    expect(result.status).toBe(200);
    expect(received[0]?.authorization).toBe('Bearer admin-token-for-tests');
  });

  it.each([
    ['Viewer', 'POST', APPLY, 403],
    ['Editor', 'POST', APPLY, 403],
    ['Viewer', 'POST', ROLLBACK, 403],
    ['Editor', 'POST', ROLLBACK, 403],
    ['Viewer', 'POST', SILENCES, 403],
    // No route has these methods: Grafana answers 404, the request never reaches upstream.
    ['Admin', 'DELETE', 'exporter/api/v1/advisor/recommendations/r1', 404],
    ['Admin', 'PUT', SILENCES, 404],
    ['Admin', 'GET', SILENCES, 404],
  ])('refuses %s %s %s with %i, before anything reaches upstream', async (role, method, routePath, status) => {
    const result = await call(role, method, routePath);
    expect({ status: result.status, upstream: result.upstream }).toEqual({ status, upstream: [] });
  });

  it.each([
    ['Admin', 'POST', APPLY, 'POST /api/v1/advisor/recommendations/r1/apply'],
    ['Admin', 'POST', ROLLBACK, 'POST /api/v1/advisor/applications/a1/rollback'],
    ['Editor', 'POST', SILENCES, 'POST /api/v2/silences'],
    ['Admin', 'POST', SILENCES, 'POST /api/v2/silences'],
  ])('forwards %s %s %s to upstream', async (role, method, routePath, forwarded) => {
    expect(await call(role, method, routePath)).toMatchObject({ status: 200, upstream: [forwarded] });
    expect(received[0]?.body).toBe('{"comment":"x"}');
  });
});

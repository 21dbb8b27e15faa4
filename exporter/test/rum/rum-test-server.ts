// Test support for the /rum tests: the endpoint on a real HTTP server on a free port, and a raw HTTP
// client that can send what browsers never would (wrong lengths, chunked floods, odd headers).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { createRumEndpoint, type RumEndpoint, type RumEndpointOptions } from '../../src/rum/rum-endpoint';

export interface RumTestServer {
  url: string;
  registry: Registry;
  endpoint: RumEndpoint;
  /** TCP connections accepted so far (a refused body must not cost the client its keep-alive connection). */
  connectionsAccepted(): number;
  close(): Promise<void>;
}

export const TEST_RUM_OPTIONS: Omit<RumEndpointOptions, 'registry'> = {
  pages: [{ pattern: '/' }, { pattern: '/products/:id' }, { pattern: '/checkout' }],
  allowedOrigins: ['https://shop.example'],
  rateLimit: {
    perClient: { ratePerSecond: 1000, burst: 1000 },
    global: { ratePerSecond: 100_000, burst: 100_000 },
    maxTrackedClients: 1000,
  },
  maxSeriesPerMetric: 50,
  dedupeCapacity: 5000,
};

export async function startRumTestServer(
  overrides: Partial<RumEndpointOptions> = {},
): Promise<RumTestServer> {
  const registry = new Registry();
  // The tests play many clients through X-Forwarded-For from loopback, as behind a local proxy.
  const endpoint = createRumEndpoint({ trustProxy: 'loopback', ...TEST_RUM_OPTIONS, ...overrides, registry });
  // As in the exporter: /rum first, everything else (here: nothing) after it.
  const server = http.createServer((req, res) => {
    if (endpoint.handle(req, res)) return;
    res.writeHead(404).end();
  });
  let connectionsAccepted = 0;
  server.on('connection', () => connectionsAccepted++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    registry,
    endpoint,
    connectionsAccepted: () => connectionsAccepted,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Sends one request; `body` as an array of chunks is sent chunked, without Content-Length. */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer | (string | Buffer)[];
    /** Another keep-alive agent than the shared one (to watch one connection). */
    agent?: http.Agent;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'POST', headers: options.headers, agent: options.agent ?? agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    // A server may answer (413) and close before the whole body is sent; that is the expected outcome.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    if (Array.isArray(options.body)) {
      for (const chunk of options.body) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

/** The value of one exact series in the registry's text output, or undefined. */
export async function seriesValue(registry: Registry, series: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

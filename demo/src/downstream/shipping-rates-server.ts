import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for a third-party shipping-rates API the demo calls over HTTP. */
export interface ShippingRatesServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves GET /rates?country=XX on 127.0.0.1 (an ephemeral port), answering after `delayMs()`
 * milliseconds: 0 normally, 400 while the slow-downstream bottleneck is on.
 */
export async function startShippingRatesServer(delayMs: () => number): Promise<ShippingRatesServer> {
  const server = http.createServer((req, res) => {
    const country = new URL(req.url ?? '/', 'http://localhost').searchParams.get('country') ?? 'DE';
    const answer = () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ country, standardCents: 499, expressCents: 1299 }));
    };
    const delay = delayMs();
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

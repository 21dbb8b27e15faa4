import { instrument } from '@perflens/instrument';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The route the test SLO covers. */
export const CHECKOUT_ROUTE = '/api/checkout';

/** A running instrumented app with its own steady traffic and a switch for server errors. */
export interface CheckoutApp {
  /** `host:port`, the scrape target. */
  readonly target: string;
  /** From now on, checkout requests answer 500 (true) or 200 (false). */
  setFailing(failing: boolean): void;
  /** Stops the traffic, waits for the request in flight, and closes the server. */
  stop(): Promise<void>;
}

/**
 * An Express 5 app instrumented with @perflens/exporter (HTTP metrics per route, /metrics), and a client
 * loop that sends it about 20 requests a second. Steady traffic keeps the SLI defined and above the
 * low-traffic guard when errors stop, so an alert resolves because the error ratio fell, not because the
 * requests did.
 */
export async function startCheckoutApp(): Promise<CheckoutApp> {
  let failing = false;
  const app = express();
  // Runtime metrics are not what this test is about; leaving them out keeps scrapes small.
  instrument({ app, defaultMetrics: false });
  app.post(CHECKOUT_ROUTE, (_req, res) => {
    if (failing) res.status(500).json({ error: 'injected failure' });
    else res.status(200).json({ ok: true });
  });

  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve).once('error', reject);
  });
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  let running = true;
  const traffic = (async () => {
    while (running) {
      try {
        const response = await fetch(`http://${target}${CHECKOUT_ROUTE}`, { method: 'POST' });
        await response.arrayBuffer();
      } catch {
        // A refused or reset request is recorded by nobody; the next one will be.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  return {
    target,
    setFailing(value) {
      failing = value;
    },
    async stop() {
      running = false;
      await traffic;
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The payment provider's latency: the stand-in answers every charge after this long. */
export const PAYMENT_LATENCY_MS = 400;

/** A local stand-in for a third-party payment API (POST /charges). */
export interface PaymentProviderStub {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves POST /charges on 127.0.0.1 (an ephemeral port) and answers {"id", "status": "captured"} after
 * `latencyMs`: the call the bookings service makes for every new booking.
 */
export async function startPaymentProviderStub(latencyMs = PAYMENT_LATENCY_MS): Promise<PaymentProviderStub> {
  let charges = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/charges') {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: `ch_${++charges}`, status: 'captured' }));
      }, latencyMs);
    });
  });
  server.keepAliveTimeout = 5_000;
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

/** Charges `amountCents` through the provider at `baseUrl`; throws when it does not capture. */
export async function chargePayment(baseUrl: string, amountCents: number): Promise<string> {
  const response = await fetch(`${baseUrl}/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amountCents, currency: 'eur' }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`payment provider answered ${response.status}`);
  const body = (await response.json()) as { id: string; status: string };
  if (body.status !== 'captured') throw new Error(`payment provider did not capture: ${body.status}`);
  return body.id;
}

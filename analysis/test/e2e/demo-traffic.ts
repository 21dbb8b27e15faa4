import autocannon from 'autocannon';
import type { SeedSizes } from '@perflens/demo';

/** How one burst of traffic went, to tell a broken run from a quiet service. */
export interface TrafficResult {
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Traffic shape: requests per second over all connections, for a bounded time. */
export interface TrafficOptions {
  ratePerSecond: number;
  durationSeconds: number;
  /** Concurrent connections: more than the demo's pool size, so pool exhaustion can show. */
  connections: number;
}

/**
 * The shop's GET routes, one request of each per round on every connection: every bottleneck's route
 * gets traffic in every phase, as in production, where the traffic does not change when a bottleneck
 * appears. Ids are drawn from the seeded rows so lookups hit real data.
 */
function requestMix(sizes: SeedSizes): autocannon.Request[] {
  const random = seededRandom(20_240_601);
  const get = (path: string, template?: (id: string) => string, maxId = 1): autocannon.Request => ({
    method: 'GET',
    path,
    headers: { 'accept-encoding': 'gzip' },
    ...(template
      ? {
          setupRequest: (request: autocannon.Request) => ({
            ...request,
            path: template(String(1 + Math.floor(random() * maxId))),
          }),
        }
      : {}),
  });
  return [
    get('/api/products', (n) => `/api/products?page=${n}`, 9),
    get('/api/products/1/orders', (n) => `/api/products/${n}/orders`, sizes.products),
    get('/api/orders'),
    get('/api/orders/1', (n) => `/api/orders/${n}`, sizes.orders),
    get('/api/customers/1/orders', (n) => `/api/customers/${n}/orders`, sizes.customers),
    get('/api/customers/1/summary', (n) => `/api/customers/${n}/summary`, sizes.customers),
    get('/api/shipping/quote?country=FR'),
  ];
}

/**
 * Drives the demo at a bounded rate for a bounded time, on 127.0.0.1 only. Closed loop (each connection
 * waits for its answer): a blocked or exhausted service slows the load down instead of piling up requests.
 */
export async function driveTraffic(
  baseUrl: string,
  sizes: SeedSizes,
  options: TrafficOptions,
): Promise<TrafficResult> {
  const { hostname } = new URL(baseUrl);
  if (hostname !== '127.0.0.1') throw new Error(`traffic only goes to 127.0.0.1, not ${hostname}`);
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    overallRate: options.ratePerSecond,
    duration: options.durationSeconds,
    // Bounded in count as well as in time.
    maxOverallRequests: options.ratePerSecond * options.durationSeconds,
    timeout: 10,
    requests: requestMix(sizes),
  });
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** mulberry32: a small deterministic generator, so every run requests the same ids. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

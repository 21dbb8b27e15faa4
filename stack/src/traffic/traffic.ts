import autocannon from 'autocannon';

/** Routes the built-in generator requests, weighted by how often a shop sees them. */
const PATHS = [
  '/',
  '/api/products',
  '/api/products?page=3',
  '/api/orders',
  '/api/orders/42',
  '/api/customers/17/orders',
  '/api/customers/17/summary',
  '/api/shipping/quote?country=FR',
];

/** A running traffic generator. */
export interface Traffic {
  stop(): Promise<void>;
}

/**
 * Steady load on 127.0.0.1 only: autocannon at `rate` requests per second over two connections, in
 * runs of 60 s (bounded in time and count), one after the other until stopped.
 */
export function startTraffic(baseUrl: string, rate: number): Traffic {
  const target = new URL(baseUrl);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
    throw new Error(`the traffic generator only targets this machine, not ${target.hostname}`);
  }
  let stopped = false;
  let current: autocannon.Instance | undefined;
  const loop = (async () => {
    while (!stopped) {
      await new Promise<void>((resolve) => {
        current = autocannon(
          {
            url: baseUrl,
            connections: 2,
            overallRate: rate,
            duration: 60,
            requests: PATHS.map((path) => ({ method: 'GET', path })),
          },
          () => resolve(),
        );
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      current?.stop();
      await loop;
    },
  };
}

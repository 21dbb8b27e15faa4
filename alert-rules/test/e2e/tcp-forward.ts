import { createConnection, createServer, type Server } from 'node:net';

/** A TCP forwarder: what a reverse proxy in front of Prometheus is to a link's reader. */
export interface TcpForward {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Forwards 127.0.0.1:<listenPort> to 127.0.0.1:<targetPort>. The test harness starts Prometheus on a port
 * of its choosing, while its --web.external-url must be known before the start: the forwarder makes the
 * external URL chosen first reach it, as a proxy does in production.
 */
export function startTcpForward(listenPort: number, targetPort: () => number): Promise<TcpForward> {
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort() });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () =>
      resolve({
        port: listenPort,
        stop: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}

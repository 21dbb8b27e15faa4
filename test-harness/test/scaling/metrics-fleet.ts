import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fleet of small HTTP services, each serving its own Prometheus exposition on /metrics. */
export interface MetricsFleet {
  /** host:port of every member, as a scrape config lists targets. */
  readonly targets: string[];
  close(): Promise<void>;
}

/**
 * Starts `size` servers on free loopback ports. Each exposes what an instrumented API shows a scraper: a
 * request counter that grows with the wall clock (so a scrape that is missed shows as a missing sample,
 * never as a wrong value), an in-flight gauge and the process start time, with a `service` label naming
 * the member.
 */
export async function startMetricsFleet(size: number): Promise<MetricsFleet> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < size; i++) servers.push(await listen(memberExposition(`svc-${i}`)));
  } catch (error) {
    await Promise.all(servers.map(close));
    throw error;
  }
  return {
    targets: servers.map((server) => `127.0.0.1:${(server.address() as AddressInfo).port}`),
    close: () => Promise.all(servers.map(close)).then(() => undefined),
  };
}

function memberExposition(service: string): () => string {
  const startSeconds = Date.now() / 1000;
  return () => {
    const uptime = Date.now() / 1000 - startSeconds;
    return [
      '# TYPE http_server_request_duration_seconds_count counter',
      `http_server_request_duration_seconds_count{service="${service}",http_route="/api/products",http_request_method="GET",http_response_status_code="200"} ${Math.floor(uptime * 20)}`,
      '# TYPE http_server_active_requests gauge',
      `http_server_active_requests{service="${service}"} 3`,
      '# TYPE process_start_time_seconds gauge',
      `process_start_time_seconds{service="${service}"} ${Math.floor(startSeconds)}`,
      '',
    ].join('\n');
  };
}

function listen(exposition: () => string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

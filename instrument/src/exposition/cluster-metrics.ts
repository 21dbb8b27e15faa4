import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { AggregatorRegistry, Registry } from 'prom-client';
import { hasBearerToken } from './bearer-token';

export interface ClusterMetricsOptions {
  port: number;
  host?: string;
  path?: string;
  bearerToken?: string;
}

/**
 * Serves the metrics of every cluster worker, summed (or averaged, per metric aggregator), from the
 * primary. prom-client asks each worker over IPC and gives up after a fixed 5 s; a worker that never
 * called `instrument({ clusterWorker: true })` does not answer, so the scrape fails with a 500 that says so
 * instead of hanging (prom-client #181).
 */
export function serveClusterMetrics(options: ClusterMetricsOptions): Promise<Server> {
  if (!cluster.isPrimary) {
    throw new Error(
      'serveClusterMetrics() runs in the cluster primary; call instrument({ clusterWorker: true }) in workers',
    );
  }
  const aggregator = new AggregatorRegistry();
  const path = options.path ?? '/metrics';
  const server = createServer((req, res) => {
    if (req.url !== path || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: metrics are served at ${path}\n`);
      return;
    }
    if (options.bearerToken !== undefined && !hasBearerToken(req.headers, options.bearerToken)) {
      res
        .writeHead(401, { 'WWW-Authenticate': 'Bearer realm="perflens metrics"' })
        .end('metrics require a bearer token\n');
      return;
    }
    aggregator.clusterMetrics().then(
      (body) => res.writeHead(200, { 'Content-Type': Registry.PROMETHEUS_CONTENT_TYPE }).end(body),
      (error: unknown) =>
        res
          .writeHead(500, { 'Content-Type': 'text/plain' })
          .end(
            `cluster metrics failed (is every worker instrumented with clusterWorker: true?): ${String(error)}\n`,
          ),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server));
  });
}

/**
 * Test fixture for cluster mode (run with `node --require tsx/cjs`): the primary serves aggregated
 * metrics, each worker serves the app on its own port and reports the port to the primary, which
 * prints one JSON line once every worker listens.
 */
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { instrument } from '../instrument/instrument';
import { serveClusterMetrics } from './cluster-metrics';

const WORKERS = 2;

if (cluster.isPrimary) {
  void (async () => {
    const server = await serveClusterMetrics({ port: 0 });
    const workerPorts: number[] = [];
    for (let i = 0; i < WORKERS; i++) {
      cluster.fork().on('message', (message: { port: number }) => {
        workerPorts.push(message.port);
        if (workerPorts.length === WORKERS) {
          const metricsPort = (server.address() as AddressInfo).port;
          process.stdout.write(`${JSON.stringify({ metricsPort, workerPorts })}\n`);
        }
      });
    }
    process.on('SIGTERM', () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
      server.close(() => process.exit(0));
    });
  })();
} else {
  const app = express();
  instrument({ app, clusterWorker: true });
  app.get('/work/:id', (_req, res) => void res.send('done'));
  // exclusive: each worker gets its own port, so the test decides which worker serves which request.
  const server = app.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
}

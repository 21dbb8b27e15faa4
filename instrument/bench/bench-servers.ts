import express from 'express';
import promBundle from 'express-prom-bundle';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { instrument } from '../src/instrument/instrument';

/** The apps compared by the HTTP benchmark, all serving the same trivial routes. */
export const BENCH_VARIANTS = ['bare', 'perflens', 'perflens-db-attribution', 'express-prom-bundle'] as const;
export type BenchVariant = (typeof BENCH_VARIANTS)[number];

function addRoutes(app: express.Express): void {
  app.get('/hello', (_req, res) => void res.send('hello'));
  const users = express.Router();
  users.get('/:id', (req, res) => void res.json({ id: req.params.id }));
  app.use('/users', users);
}

/** Builds one variant's app: the same routes, with or without instrumentation. */
export function buildBenchApp(variant: BenchVariant): express.Express {
  const app = express();
  if (variant === 'perflens') instrument({ app });
  if (variant === 'perflens-db-attribution') {
    // An unconnected pool is enough to switch on per-request AsyncLocalStorage, the cost being measured.
    instrument({ app, pool: new Pool({ max: 1 }) });
  }
  if (variant === 'express-prom-bundle') {
    app.use(
      promBundle({
        includeMethod: true,
        includePath: true,
        includeStatusCode: true,
        promRegistry: new Registry(),
        promClient: { collectDefaultMetrics: {} },
      }),
    );
  }
  addRoutes(app);
  return app;
}

/** Child-process entry: serve one variant and report the port to the parent over IPC. */
export function serveVariant(variant: BenchVariant): void {
  const server = buildBenchApp(variant).listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('disconnect', () => server.close(() => process.exit(0)));
}

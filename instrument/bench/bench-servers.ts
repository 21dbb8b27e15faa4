import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import express from 'express';
import promBundle from 'express-prom-bundle';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { instrument } from '@perflens/instrument';

/** The apps compared by the HTTP benchmark, all serving the same routes. */
export const BENCH_VARIANTS = [
  'bare',
  'perflens',
  'perflens-db-attribution',
  'express-prom-bundle',
  'opentelemetry',
] as const;
/**
 * Run only when named in BENCH_HTTP_VARIANTS: `perflens-before` is the perflens variant with another build
 * of the package, $BENCH_PERFLENS_BEFORE (a copy of instrument/dist made before a change), for
 * before/after figures from one run.
 */
export const BENCH_DIAGNOSTIC_VARIANTS = ['perflens-before'] as const;
export type BenchVariant = (typeof BENCH_VARIANTS)[number] | (typeof BENCH_DIAGNOSTIC_VARIANTS)[number];

/** The routes loaded: a trivial one (instrumentation cost at its most visible) and a realistic one. */
export const BENCH_ROUTES = {
  trivial: '/hello',
  realistic: '/api/orders/42',
} as const;
export type BenchRoute = keyof typeof BENCH_ROUTES;

/** SHA-256 rounds of the realistic route: about 1 ms of CPU on the 2-vCPU bench machine. */
const WORK_ROUNDS = 300;

/** About 1 ms of CPU and a JSON body of about 2 KB, in a mounted router (a two-part route template). */
function orderResponse(id: string): object {
  let digest = Buffer.alloc(32);
  for (let i = 0; i < WORK_ROUNDS; i++) digest = createHash('sha256').update(digest).update(id).digest();
  const lines = Array.from({ length: 20 }, (_, i) => ({
    sku: `SKU-${id}-${i}`,
    quantity: (digest[i] ?? 0) % 5,
    unitPrice: 9.99 + i,
    checksum: digest.toString('hex', i % 16, (i % 16) + 8),
  }));
  return { id, status: 'shipped', currency: 'EUR', lines };
}

function addRoutes(app: express.Express): void {
  app.get('/hello', (_req, res) => void res.send('hello'));
  const orders = express.Router();
  orders.get('/:id', (req, res) => void res.json(orderResponse(req.params.id)));
  app.use('/api/orders', orders);
}

/** Builds one variant's app: the same routes, with or without instrumentation. */
export function buildBenchApp(variant: BenchVariant, otelExporter?: PrometheusExporter): express.Express {
  const app = express();
  if (variant === 'perflens') instrument({ app });
  if (variant === 'perflens-before') {
    const before = process.env.BENCH_PERFLENS_BEFORE;
    if (before === undefined) throw new Error('bench server: BENCH_PERFLENS_BEFORE is not set');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.resolve(before)) as { instrument: typeof instrument }).instrument({ app });
  }
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
  if (variant === 'opentelemetry') {
    if (otelExporter === undefined)
      throw new Error('opentelemetry variant started without the SDK registered');
    app.get('/metrics', (req, res) => otelExporter.getMetricsRequestHandler(req, res));
  }
  addRoutes(app);
  return app;
}

/**
 * Child-process entry: serve one variant and report the port to the parent over IPC; answer 'cpu' with
 * the process's CPU time so far, from which the parent computes CPU time per request (unlike throughput,
 * it holds still when other work on the machine takes the cores away).
 */
export function serveVariant(variant: BenchVariant, otelExporter?: PrometheusExporter): void {
  const server = buildBenchApp(variant, otelExporter).listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpuMicros: process.cpuUsage().user + process.cpuUsage().system });
  });
  process.on('disconnect', () => server.close(() => process.exit(0)));
}

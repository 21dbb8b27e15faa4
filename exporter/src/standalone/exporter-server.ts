import express, { type ErrorRequestHandler } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { registerAdvisorMetrics } from '@perflens/advisor';
import { ADVISOR_API_PATH, createAdvisorRouter } from '@perflens/advisor';
import { createAdvisorService, type AdvisorService } from '@perflens/advisor';
import { registerCollectorStatusMetrics } from '../collectors/collector-status-metrics';
import { registerHostCollector } from '../collectors/host/host-collector';
import { registerPostgresCollector, type PostgresCollector } from '../collectors/postgres/postgres-collector';
import type { ScrapeSnapshot } from '../collectors/scrape-snapshot';
import { createMetricsHandler } from '@perflens/instrument';
import { createRumEndpoint } from '../rum/rum-endpoint';
import { buildRumScripts, serveScript } from '../rum/rum-script';
import { registerRuntimeMetrics } from '@perflens/instrument';
import type { ExporterConfig } from './exporter-config';
import { healthRoutes, Readiness } from './health-routes';

/** A started exporter. */
export interface RunningExporter {
  /** Base URL, e.g. http://127.0.0.1:9464 */
  url: string;
  port: number;
  registry: Registry;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), closes connections. */
  close(): Promise<void>;
}

/**
 * Assembles and starts the standalone exporter: /metrics (host, PostgreSQL, RUM and its own process
 * metrics, in one registry of its own), /rum, /rum.js, /rum.mjs, /healthz and /readyz.
 */
export async function startExporterServer(config: ExporterConfig, logger: Logger): Promise<RunningExporter> {
  const registry = new Registry();
  const readiness = new Readiness();
  const snapshots: ScrapeSnapshot<unknown>[] = [];
  registerRuntimeMetrics(registry, { defaultMetrics: true });
  if (config.host.enabled) {
    snapshots.push(
      registerHostCollector(registry, {
        procRoot: config.host.procRoot,
        excludeMountPoints: config.host.excludeMountPoints,
        excludeFsTypes: config.host.excludeFsTypes,
        excludeNetworkDevices: config.host.excludeNetworkDevices,
        timeoutMs: config.host.timeoutSeconds * 1000,
      }),
    );
  }
  let postgres: PostgresCollector | undefined;
  if (config.postgres.dsns.length > 0) {
    postgres = registerPostgresCollector(registry, {
      dsns: config.postgres.dsns,
      timeoutMs: config.postgres.timeoutSeconds * 1000,
      relationsLimit: config.postgres.relationsLimit,
      statementsLimit: config.postgres.statementsLimit,
      logger: logger.child({ collector: 'postgres' }),
    });
    snapshots.push(...postgres.snapshots);
  }
  registerCollectorStatusMetrics(registry, snapshots);
  let advisor: AdvisorService | undefined;
  if (config.advisor.enabled) {
    advisor = createAdvisorService({
      dsn: config.postgres.dsns[0]!,
      refreshSeconds: config.advisor.refreshSeconds,
    });
    registerAdvisorMetrics(registry, { latestReport: () => advisor?.latest() });
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.server.trustProxy);
  app.use(healthRoutes(readiness));
  app.get('/metrics', createMetricsHandler({ registry, bearerToken: config.server.metricsBearerToken }));
  if (config.rum.enabled) {
    const scripts = await buildRumScripts();
    app.get('/rum.js', serveScript(scripts.classic));
    app.get('/rum.mjs', serveScript(scripts.module));
    app.use(createRumEndpoint({ registry, ...config.rum }).router);
  }
  if (advisor) {
    const { viewerToken = '', adminToken = '', applyEnabled } = config.advisor;
    app.use(
      ADVISOR_API_PATH,
      createAdvisorRouter({ service: advisor, viewerToken, adminToken, applyEnabled }),
    );
  }
  app.get('/', (_req, res) => {
    res
      .type('text/plain')
      .send(
        `perflens exporter\n/metrics /healthz /readyz${config.rum.enabled ? ' /rum /rum.js /rum.mjs' : ''}\n`,
      );
  });
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  // Slow-loris protection for a public endpoint: a client gets 10 s to send its headers and body.
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  readiness.markReady();
  const url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  logger.info(
    { url, host: config.host.enabled, postgres: config.postgres.dsns.length, rum: config.rum.enabled },
    'perflens exporter listening',
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      readiness.markDraining();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), config.server.shutdownGraceSeconds * 1000);
      await closed;
      clearTimeout(grace);
      await postgres?.close();
      logger.info('perflens exporter stopped');
    })());
  return { url, port, registry, close };
}

/**
 * Errors that reach here are the request's fault when they carry a 4xx status (express and body-parser
 * set one: a malformed URL, a bad header); anything else is ours, logged, and answered without details.
 */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: 'bad_request', message: (error as Error).message });
      return;
    }
    logger.error({ err: error, path: req.path }, 'request failed');
    res.status(500).json({ error: 'internal_error', message: 'internal error' });
  };
}

import express, { type ErrorRequestHandler } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { registerAdvisorMetrics } from '@perflens/advisor';
import { ADVISOR_API_PATH, createAdvisorRouter } from '@perflens/advisor';
import { advisorStartupRefusal, createAdvisorService, type AdvisorService } from '@perflens/advisor';
import { registerCollectorStatusMetrics } from '../collectors/collector-status-metrics';
import { registerHostCollector } from '../collectors/host/host-collector';
import { registerPostgresCollector, type PostgresCollector } from '../collectors/postgres/postgres-collector';
import type { ScrapeSnapshot } from '../collectors/scrape-snapshot';
import { createMetricsHandler } from '@perflens/instrument';
import { FrontendAssetStore } from '../frontend-assets/frontend-asset-store';
import { registerFrontendAssetMetrics } from '../frontend-assets/frontend-asset-metrics';
import {
  createFrontendAssetsRouter,
  FRONTEND_ASSETS_API_PATH,
} from '../frontend-assets/frontend-assets-router';
import { createRumEndpoint, type RumEndpoint } from '../rum/rum-endpoint';
import { buildRumScripts, serveScript } from '../rum/rum-script';
import { registerRuntimeMetrics } from '@perflens/instrument';
import type { ExporterConfig } from './exporter-config';
import { healthRoutes, Readiness } from './health-routes';
import { runbookRoutes } from './runbook-routes';

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
      statementTimeoutMs: config.postgres.statementTimeoutSeconds * 1000,
      lockTimeoutMs: config.postgres.lockTimeoutSeconds * 1000,
      relationsLimit: config.postgres.relationsLimit,
      statementsLimit: config.postgres.statementsLimit,
      sessionsLimit: config.postgres.sessionsLimit,
      statementText: config.postgres.statementText,
      logger: logger.child({ collector: 'postgres' }),
    });
    snapshots.push(...postgres.snapshots);
  }
  registerCollectorStatusMetrics(registry, snapshots);
  let advisor: AdvisorService | undefined;
  if (config.advisor.enabled) {
    const advisorOptions = {
      allowSuperuser: config.advisor.allowSuperuser,
      planSuperuserStatements: config.advisor.planSuperuserStatements,
      seqScanWindowSeconds: config.advisor.seqScanWindowSeconds,
    };
    // The advisor plans application SQL: it refuses to start on a superuser connection (docs/advisor.md).
    const refusal = await advisorStartupRefusal(config.postgres.dsns[0]!, advisorOptions);
    if (refusal) throw new Error(`advisor: ${refusal}`);
    advisor = createAdvisorService({
      dsn: config.postgres.dsns[0]!,
      advisor: advisorOptions,
      refreshSeconds: config.advisor.refreshSeconds,
    });
    registerAdvisorMetrics(registry, { latestReport: () => advisor?.latest() });
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.server.trustProxy);
  app.use(healthRoutes(readiness));
  app.use(runbookRoutes());
  app.get('/metrics', createMetricsHandler({ registry, bearerToken: config.server.metricsBearerToken }));
  // /rum is answered before Express sees the request (rum-endpoint.ts says why); the scripts go through it.
  let rum: RumEndpoint | undefined;
  if (config.rum.enabled) {
    const scripts = await buildRumScripts();
    app.get('/rum.js', serveScript(scripts.classic));
    app.get('/rum.mjs', serveScript(scripts.module));
    rum = createRumEndpoint({ registry, ...config.rum, trustProxy: config.server.trustProxy });
  }
  if (advisor) {
    const { viewerToken = '', adminToken = '', applyEnabled } = config.advisor;
    const advisorLogger = logger.child({ component: 'advisor' });
    app.use(
      ADVISOR_API_PATH,
      createAdvisorRouter({
        service: advisor,
        viewerToken,
        adminToken,
        applyEnabled,
        bodyTimeoutMs: config.server.requestTimeoutSeconds * 1000,
        onInternalError: (err) => advisorLogger.error({ err }, 'advisor request failed'),
      }),
    );
    // Applies that a crash or a timeout left pending or half-built are settled once at start-up.
    advisor.reconcile().then(
      (result) => {
        for (const { entry, note } of result.settled)
          advisorLogger.warn({ auditId: entry.id, outcome: entry.outcome, leftover: entry.leftover }, note);
        for (const entry of result.running)
          advisorLogger.warn({ auditId: entry.id }, 'an apply is still running in another session');
      },
      (err: unknown) => advisorLogger.warn({ err }, 'advisor start-up reconciliation failed'),
    );
  }
  if (config.frontendAssets.enabled) {
    const store = new FrontendAssetStore(config.frontendAssets.maxPages);
    registerFrontendAssetMetrics(registry, store);
    const frontendLogger = logger.child({ component: 'frontend-assets' });
    app.use(
      FRONTEND_ASSETS_API_PATH,
      createFrontendAssetsRouter({
        store,
        token: config.frontendAssets.token ?? '',
        rumPages: config.rum.pages,
        onPublished: (page, dropped) =>
          frontendLogger.info(
            { page, ...(dropped === undefined ? {} : { dropped }) },
            'page summary published',
          ),
      }),
    );
  }
  app.get('/', (_req, res) => {
    res
      .type('text/plain')
      .send(
        `perflens exporter\n/metrics /healthz /readyz /runbooks/${config.rum.enabled ? ' /rum /rum.js /rum.mjs' : ''}\n`,
      );
  });
  app.use(errorHandler(logger));

  // Slow-loris protection for a public endpoint: a client gets requestTimeoutSeconds (10) to send its
  // headers and body. Node checks these timeouts only every connectionsCheckingInterval (30 s by default,
  // which let slow clients stay 30-35 s), so the check runs at least every second.
  const requestTimeout = config.server.requestTimeoutSeconds * 1000;
  const server = http.createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(1000, Math.max(50, requestTimeout / 4)),
    },
    (req, res) => {
      if (!rum?.handle(req, res)) app(req, res);
    },
  );
  server.maxConnections = config.server.maxConnections;
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

import express, { type Router } from 'express';

/** Readiness as the server sees it: starting, serving, or draining before shutdown. */
export class Readiness {
  private state: 'starting' | 'ready' | 'draining' = 'starting';

  markReady(): void {
    this.state = 'ready';
  }

  markDraining(): void {
    this.state = 'draining';
  }

  get current(): 'starting' | 'ready' | 'draining' {
    return this.state;
  }
}

/**
 * /healthz says the process is alive (Kubernetes liveness: restart only if this fails). /readyz says it
 * should receive traffic: not while starting or draining on SIGTERM. A database outage affects neither:
 * the exporter keeps serving and reports it as pg_up 0, which is the point of an exporter.
 */
export function healthRoutes(readiness: Readiness): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.status(200).type('text/plain').send('ok\n');
  });
  router.get('/readyz', (_req, res) => {
    const state = readiness.current;
    res
      .status(state === 'ready' ? 200 : 503)
      .type('text/plain')
      .send(`${state}\n`);
  });
  return router;
}

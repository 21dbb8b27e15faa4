import express, { type NextFunction, type Request, type Response } from 'express';
// Express 4 is installed under an alias so both majors are tested against the same table.
import express4 from 'express4';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import { instrument, type Perflens } from '../instrument/instrument';
import { HTTP_REQUEST_DURATION } from './http-metrics';
import { UNMATCHED_ROUTE } from '@perflens/conventions';
import { formatPathPattern, joinTemplate } from './route-template';

interface Recorded {
  method: string;
  route: string;
  status: string;
  count: number;
}

async function recordedRequests(perf: Perflens): Promise<Recorded[]> {
  const metric = await perf.registry.getSingleMetric(HTTP_REQUEST_DURATION)!.get();
  return metric.values
    .filter((v) => (v as { metricName?: string }).metricName === `${HTTP_REQUEST_DURATION}_count`)
    .map((v) => ({
      method: String(v.labels.http_request_method),
      route: String(v.labels.http_route),
      status: String(v.labels.http_response_status_code),
      count: v.value,
    }))
    .filter((r) => r.route !== '/metrics');
}

type ExpressFactory = typeof express;

function buildApp(createApp: ExpressFactory): { app: express.Express; perf: Perflens } {
  const app = createApp();
  const perf = instrument({ app, defaultMetrics: false });

  const orders = createApp.Router({ mergeParams: true });
  orders.get('/:orderId', (_req, res) => void res.json({ ok: true }));
  const users = createApp.Router();
  users.get('/:id', (_req, res) => void res.send('user'));
  users.use('/:id/orders', orders);
  app.use('/api/users', users);

  app.get(/^\/files\/.+\.txt$/, (_req, res) => void res.send('file'));
  app.get(['/alpha', '/beta'], (_req, res) => void res.send('either'));
  app.get('/boom', () => {
    throw new Error('thrown');
  });
  app.get('/next-error', (_req, _res, next) => next(Object.assign(new Error('bad'), { status: 503 })));
  app.get('/async-error', async () => {
    await Promise.resolve();
    throw new Error('rejected');
  });
  app.get('/slow', (_req, res) => {
    setTimeout(() => {
      if (!res.destroyed) res.send('late');
    }, 300);
  });
  app.use('/static', (_req, res) => void res.send('static file'));
  const mountedLate = createApp.Router();
  mountedLate.get('/', (_req, res) => void res.send('root of mount'));
  app.use('/late', mountedLate);
  app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.status ?? 500).send(err.message);
  });
  return { app, perf };
}

const asyncErrorRow = 'a rejected async handler keeps its route';

describe.each([
  ['Express 5', express],
  ['Express 4', express4 as unknown as ExpressFactory],
])('route templates through a real %s app', (major, createApp) => {
  let server: Server;
  let base: string;
  let perf: Perflens;

  beforeAll(async () => {
    const built = buildApp(createApp);
    perf = built.perf;
    server = built.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(
    [
      [
        'a nested router keeps both mount paths and the leaf',
        'GET',
        '/api/users/42/orders/7',
        '/api/users/:id/orders/:orderId',
        '200',
      ],
      ['a router mount plus a parameter', 'GET', '/api/users/42', '/api/users/:id', '200'],
      ['a query string never reaches the label', 'GET', '/api/users/43?debug=true', '/api/users/:id', '200'],
      [
        'a regular-expression route uses the expression',
        'GET',
        '/files/a/b.txt',
        String(/^\/files\/.+\.txt$/),
        '200',
      ],
      ['an array route lists its paths', 'GET', '/beta', '[/alpha,/beta]', '200'],
      ['a path no route matches is unmatched', 'GET', '/no/such/path/123', UNMATCHED_ROUTE, '404'],
      ['a thrown error keeps its route and the status the client saw', 'GET', '/boom', '/boom', '500'],
      ['an error passed to next keeps its route and status', 'GET', '/next-error', '/next-error', '503'],
      [asyncErrorRow, 'GET', '/async-error', '/async-error', '500'],
      [
        'a mounted middleware answering by itself is its mount',
        'GET',
        '/static/css/site.css',
        '/static/*',
        '200',
      ],
      ['a router root route is the mount path', 'GET', '/late', '/late', '200'],
      ['an unknown method folds into _OTHER', 'PROPFIND', '/api/users/1', UNMATCHED_ROUTE, '404'],
    ].filter(
      // Express 4 does not catch rejected promises at all (the request hangs): not ours to fix.
      ([title]) => major === 'Express 5' || title !== asyncErrorRow,
    ),
  )('%s', async (_title, method, path, route, status) => {
    const before = await recordedRequests(perf);
    const response = await fetch(base + path, { method });
    await response.arrayBuffer();
    expect(String(response.status)).toBe(status);
    const expectedMethod = method === 'PROPFIND' ? '_OTHER' : method;
    const find = (rows: Recorded[]) =>
      rows.find((r) => r.route === route && r.method === expectedMethod && r.status === status)?.count ?? 0;
    // The finish event can trail the response by a tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(find(await recordedRequests(perf)) - find(before)).toBe(1);
  });

  it('records an aborted request as 499 on its route', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${base}/slow`);
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    let rows: Recorded[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      rows = await recordedRequests(perf);
      if (rows.some((r) => r.route === '/slow')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(rows.filter((r) => r.route === '/slow')).toEqual([
      { method: 'GET', route: '/slow', status: '499', count: 1 },
    ]);
  });

  it('never records a raw path, whatever the client sends', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(`${base}/random/${i}/${Math.random()}`)));
    const routes = new Set((await recordedRequests(perf)).map((r) => r.route));
    for (const route of routes) expect(route).not.toMatch(/random/);
  });
});

describe('template text', () => {
  it.each([
    ['a string is kept', '/users/:id', '/users/:id'],
    ['a regular expression is its literal', /^\/a$/, '/^\\/a$/'],
    ['an array lists each element', ['/a', /b/], '[/a,/b/]'],
  ])('%s', (_title, pattern, text) => {
    expect(formatPathPattern(pattern)).toBe(text);
  });

  it.each([
    ['root mounts vanish', ['/', '/users'], '/users'],
    ['a router root route is the mount', ['/api', '/'], '/api'],
    ['nothing at all is the root', ['/'], '/'],
    ['parts without a slash get one', ['/api', 'v1'], '/api/v1'],
  ])('%s', (_title, parts, joined) => {
    expect(joinTemplate(parts)).toBe(joined);
  });
});

import { apiEvidence, DEMO_SLOS, route, thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { RouteStats } from '../../sources/api-evidence';
import { findCacheableHotRoutes } from './cacheable-hot-route';
import { findDatabaseBoundRoutes } from './database-bound-route';
import { findErrorHotspots } from './error-hotspot';
import { findNPlusOneQueries } from './n-plus-one-queries';
import { findOversizedResponses } from './oversized-responses';
import { findRoutesSlowerThanSlo } from './route-slower-than-slo';

const slos = thresholds({}, DEMO_SLOS);
/** GET /x's requests slower than the demo SLO's 250 ms over all of them, in the in-memory evidence's 30m range. */
const SLOW_SHARE_OF_X =
  '1 - (sum by (http_request_method, http_route) (rate(http_server_request_duration_seconds_bucket{job="demo-api",http_request_method="GET",http_route="/x",le=~"0\\\\.25"}[30m]))' +
  ' / sum by (http_request_method, http_route) (rate(http_server_request_duration_seconds_count{job="demo-api",http_request_method="GET",http_route="/x"}[30m])))';
const quiet = route({
  route: '/health',
  requestsPerSecond: 30,
  withinThresholdRatio: { '0.25': 1, '0.5': 1, '1': 1 },
});
const summary = (routes: RouteStats[], find: typeof findRoutesSlowerThanSlo) =>
  find(apiEvidence([quiet, ...routes]), slos).map((f) => ({
    id: f.id,
    severity: f.severity,
    score: f.ownImpact.score,
    title: f.title,
  }));

describe('api.route-slower-than-slo', () => {
  it.each([
    [
      'fires at page severity when 20% of requests miss a 99% SLO (burn 20 ≥ 14.4)',
      route({ route: '/api/products', withinThresholdRatio: { '0.25': 0.8 }, p95DurationSeconds: 0.6 }),
      [
        {
          id: 'api.route-slower-than-slo/http_request_method=GET,http_route=/api/products,job=demo-api',
          severity: 'critical',
          score: 5,
          title: 'GET /api/products: 20% of requests slower than 250 ms (SLO allows 1%), p95 600 ms',
        },
      ],
    ],
    [
      'warns when the burn is above 1 but below the page burn rate',
      route({ route: '/api/products', withinThresholdRatio: { '0.25': 0.95 } }),
      [
        {
          id: 'api.route-slower-than-slo/http_request_method=GET,http_route=/api/products,job=demo-api',
          severity: 'warning',
          score: 1.25,
          title: 'GET /api/products: 5% of requests slower than 250 ms (SLO allows 1%)',
        },
      ],
    ],
    [
      'judges checkout routes against their own 1 s SLO',
      route({ route: '/api/orders', withinThresholdRatio: { '0.25': 0.5, '1': 0.999 } }),
      [],
    ],
    [
      'stays silent within the budget',
      route({ route: '/api/products', withinThresholdRatio: { '0.25': 0.995 } }),
      [],
    ],
    [
      'ignores routes under the minimum request rate',
      route({ route: '/api/rare', requestsPerSecond: 0.01, withinThresholdRatio: { '0.25': 0 } }),
      [],
    ],
  ])('%s', (_title, slowRoute, expected) => {
    expect(summary([slowRoute], findRoutesSlowerThanSlo)).toEqual(expected);
  });

  it('cites the SLO as the source of its threshold', () => {
    const [finding] = findRoutesSlowerThanSlo(
      apiEvidence([route({ route: '/x', withinThresholdRatio: { '0.25': 0.5 } })]),
      slos,
    );
    expect(finding?.evidence[0]).toEqual({
      label: 'share of requests slower than 250 ms',
      query: SLOW_SHARE_OF_X,
      value: 0.5,
      unit: 'ratio',
      threshold: 0.01,
      thresholdSource: 'slo:demo-api-latency',
    });
  });

  it('charts the route’s slow share and burn rate at its own threshold: one series each, not every le', () => {
    const [finding] = findRoutesSlowerThanSlo(
      apiEvidence([route({ route: '/x', withinThresholdRatio: { '0.25': 0.5, '1': 0.9 } })]),
      slos,
    );
    expect(finding?.evidence.slice(0, 2).map((e) => [e.label, e.query, e.value])).toEqual([
      ['share of requests slower than 250 ms', SLOW_SHARE_OF_X, 0.5],
      ['budget burn rate', `(${SLOW_SHARE_OF_X}) / (1 - 0.99)`, 50],
    ]);
  });
});

describe('api.error-hotspot', () => {
  it.each([
    [
      'pages on 5% errors against a 99.9% SLO (burn 50)',
      route({ route: '/api/cart', serverErrorsPerSecond: 0.5 }),
      [['critical', 'GET /api/cart: 5% server errors (0.5/s; SLO allows 0.1%)']],
    ],
    [
      'warns on 0.5% errors (burn 5)',
      route({ route: '/api/cart', serverErrorsPerSecond: 0.05 }),
      [['warning', 'GET /api/cart: 0.5% server errors (0.05/s; SLO allows 0.1%)']],
    ],
    ['stays silent within the budget', route({ route: '/api/cart', serverErrorsPerSecond: 0.005 }), []],
  ])('%s', (_title, failing, expected) => {
    expect(findErrorHotspots(apiEvidence([quiet, failing]), slos).map((f) => [f.severity, f.title])).toEqual(
      expected,
    );
  });
});

describe('api.database-bound-route', () => {
  it.each([
    [
      'warns when a slow route spends 80% in the database',
      route({
        route: '/api/search',
        meanDurationSeconds: 0.5,
        dbSecondsPerRequest: 0.4,
        p95DurationSeconds: 0.9,
      }),
      [['warning', 'GET /api/search: 80% of request time in the database (400 ms of 500 ms per request)']],
    ],
    [
      'reports a fast database-bound route as info',
      route({
        route: '/api/search',
        meanDurationSeconds: 0.02,
        dbSecondsPerRequest: 0.015,
        p95DurationSeconds: 0.05,
      }),
      [['info', 'GET /api/search: 75% of request time in the database (15 ms of 20 ms per request)']],
    ],
    [
      'says the queries ran in parallel when they add up to more than the request (bookings reports)',
      route({
        route: '/api/search',
        meanDurationSeconds: 0.0799,
        dbSecondsPerRequest: 0.11,
        p95DurationSeconds: 0.2,
      }),
      [
        [
          'info',
          'GET /api/search: all of its request time in the database (110 ms of queries in parallel within 79.9 ms per request)',
        ],
      ],
    ],
    [
      'stays silent under half the time in the database',
      route({ route: '/api/search', meanDurationSeconds: 0.5, dbSecondsPerRequest: 0.1 }),
      [],
    ],
  ])('%s', (_title, r, expected) => {
    expect(findDatabaseBoundRoutes(apiEvidence([r]), slos).map((f) => [f.severity, f.title])).toEqual(
      expected,
    );
  });
});

describe('api.n-plus-one-queries', () => {
  it.each([
    [
      'fires at 25 queries per request',
      route({
        route: '/api/orders/:id',
        dbQueriesPerRequest: 25,
        dbSecondsPerRequest: 0.05,
        meanDurationSeconds: 0.1,
      }),
      ['GET /api/orders/:id: 25 database queries per request (N+1 pattern)'],
    ],
    [
      'stays silent at 3 queries per request',
      route({ route: '/api/orders/:id', dbQueriesPerRequest: 3 }),
      [],
    ],
  ])('%s', (_title, r, expected) => {
    expect(findNPlusOneQueries(apiEvidence([r]), slos).map((f) => f.title)).toEqual(expected);
  });
});

describe('api.cacheable-hot-route', () => {
  it.each([
    [
      'suggests caching a GET route with 75% of traffic that queries on every request',
      route({
        route: '/api/products',
        requestsPerSecond: 90,
        dbQueriesPerRequest: 2,
        dbSecondsPerRequest: 0.01,
        meanDurationSeconds: 0.02,
      }),
      ['GET /api/products: 75% of traffic (90 req/s), 2 database queries per request'],
    ],
    [
      'never suggests caching a POST',
      route({ route: '/api/cart', method: 'POST', requestsPerSecond: 90, dbQueriesPerRequest: 2 }),
      [],
    ],
    [
      'stays silent for a route that does not query',
      route({ route: '/api/static', requestsPerSecond: 90, dbQueriesPerRequest: 0 }),
      [],
    ],
  ])('%s', (_title, r, expected) => {
    expect(findCacheableHotRoutes(apiEvidence([quiet, r]), slos).map((f) => f.title)).toEqual(expected);
  });
});

describe('api.oversized-responses', () => {
  it.each([
    [
      'fires at 3 MiB per response',
      route({ route: '/api/export', meanResponseSizeBytes: 3 * 1024 * 1024 }),
      ['GET /api/export: responses of 3 MiB on average'],
    ],
    ['stays silent at 200 KiB', route({ route: '/api/export', meanResponseSizeBytes: 200 * 1024 }), []],
  ])('%s', (_title, r, expected) => {
    expect(findOversizedResponses(apiEvidence([r]), slos).map((f) => f.title)).toEqual(expected);
  });
});

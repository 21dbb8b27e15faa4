import { apiEvidence, route, thresholds } from '../../../test/fixtures/in-memory-evidence';
import {
  emptyRelations,
  relationsQueries,
  type RelationsEvidence,
  type RouteStatementUse,
} from '../../sources/relations-evidence';
import { findNPlusOneQueries } from './n-plus-one-queries';

const defaults = thresholds();
const orders = route({ route: '/api/orders', requestsPerSecond: 2, dbQueriesPerRequest: 21 });
const use = (overrides: Partial<RouteStatementUse>): RouteStatementUse => ({
  method: 'GET',
  route: '/api/orders',
  pool: 'main',
  fingerprint: 'f1',
  secondsPerSecond: 0.01,
  callsPerSecond: 2,
  shareOfRouteDbTime: 0.1,
  pgStatements: [],
  ...overrides,
});
const relations = (statements: RouteStatementUse[]): RelationsEvidence => ({
  ...emptyRelations(relationsQueries({ job: 'demo-api', endSeconds: 0, rangeSeconds: 1800 })),
  statements,
});

describe('api.n-plus-one-queries names the route’s own repeated statement', () => {
  it.each([
    [
      'the statement with the most calls per request, summed over pools, from this route only',
      [
        use({ fingerprint: 'list', callsPerSecond: 2, text: 'SELECT id FROM orders WHERE customer_id = $1' }),
        use({
          fingerprint: 'item',
          callsPerSecond: 24,
          text: 'SELECT * FROM order_items WHERE order_id = $1',
        }),
        use({ fingerprint: 'item', pool: 'replica', callsPerSecond: 16 }),
        use({ route: '/api/other', fingerprint: 'hot', callsPerSecond: 500, text: 'SELECT 1' }),
        use({ fingerprint: '__overflow__', callsPerSecond: 100 }),
      ],
      'GET /api/orders: 21 database queries per request (N+1 pattern; SELECT * FROM order_items WHERE order_id = $1 runs 20 times per request)',
      { fingerprint: 'item', query: 'SELECT * FROM order_items WHERE order_id = $1', callsPerRequest: 20 },
    ],
    [
      'its fingerprint when the text is not exported',
      [use({ fingerprint: 'item', callsPerSecond: 40 })],
      'GET /api/orders: 21 database queries per request (N+1 pattern; statement item runs 20 times per request)',
      { fingerprint: 'item', callsPerRequest: 20 },
    ],
    [
      'nothing when the route’s statements are not measured',
      [],
      'GET /api/orders: 21 database queries per request (N+1 pattern)',
      undefined,
    ],
  ])('%s', (_title, statements, title, repeated) => {
    const [finding] = findNPlusOneQueries(apiEvidence([orders]), defaults, relations(statements));
    expect(finding?.title).toBe(title);
    expect(finding?.recommendations[0]).toEqual({
      kind: 'batch-queries',
      method: 'GET',
      route: '/api/orders',
      queriesPerRequest: 21,
      ...(repeated ? { repeated } : {}),
    });
  });

  it('gives a query of that route and statement alone that returns the calls per request', () => {
    const [finding] = findNPlusOneQueries(
      apiEvidence([orders]),
      defaults,
      relations([use({ fingerprint: 'item', callsPerSecond: 40 })]),
    );
    expect(finding?.evidence[1]).toEqual({
      label: 'calls per request of its most repeated statement (item)',
      query:
        'sum by (http_request_method, http_route) (rate(perflens_route_statement_calls_total{job="demo-api",http_request_method="GET",http_route="/api/orders",db_statement_fingerprint="item"}[30m])) / sum by (http_request_method, http_route) (rate(http_server_request_duration_seconds_count{job="demo-api",http_request_method="GET",http_route="/api/orders"}[30m]))',
      value: 20,
      unit: 'queries_per_request',
    });
  });
});

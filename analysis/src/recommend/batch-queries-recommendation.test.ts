import type { Recommendation } from '../findings/finding';
import type { RecommendationSpec } from '../findings/recommendation-spec';
import { renderRecommendation } from './render-recommendation';

describe('renderRecommendation for N+1 queries', () => {
  it.each<[string, RecommendationSpec, Recommendation]>([
    [
      "N+1 queries without the route's statements: no example SQL (never another service's tables)",
      {
        kind: 'batch-queries',
        method: 'GET',
        route: '/api/orders',
        queriesPerRequest: 22,
        secondsPerQuery: 0.001,
      },
      {
        action:
          'Replace the per-item queries with one set-based query (JOIN, or WHERE parent_id = ANY($1) with the list of ids), or batch them with a DataLoader.',
        expectedEffect: 'About 22 round trips become 1–2 per request, saving up to 20 ms per request.',
        effort: 'medium',
        spec: {
          kind: 'batch-queries',
          method: 'GET',
          route: '/api/orders',
          queriesPerRequest: 22,
          secondsPerQuery: 0.001,
        },
      },
    ],
    [
      "N+1 queries: the route's own repeated statement, made set-based ($1 kept as it is)",
      {
        kind: 'batch-queries',
        method: 'GET',
        route: '/rooms/:id/bookings',
        queriesPerRequest: 21,
        repeated: {
          fingerprint: 'a1b2',
          query: 'SELECT amount, status FROM payments WHERE booking_id = $1',
          callsPerRequest: 20,
        },
      },
      expect.objectContaining({
        action:
          'Replace the per-item queries (the statement below) with one set-based query (JOIN, or WHERE parent_id = ANY($1) with the list of ids), or batch them with a DataLoader.',
        sql: '-- GET /rooms/:id/bookings runs this 20 times per request:\n-- SELECT amount, status FROM payments WHERE booking_id = $1\n-- one query for all items instead: pass the ids as one array, and select the id column to group the rows\nSELECT amount, status FROM payments WHERE booking_id = ANY($1);',
      }) as Recommendation,
    ],
    [
      'N+1 queries: a statement with two per-item filters is shown, not rewritten',
      {
        kind: 'batch-queries',
        method: 'GET',
        route: '/a',
        queriesPerRequest: 12,
        repeated: { fingerprint: 'f', query: 'SELECT 1 FROM t WHERE a = $1 AND b = $2', callsPerRequest: 11 },
      },
      expect.objectContaining({
        sql: '-- GET /a runs this 11 times per request:\n-- SELECT 1 FROM t WHERE a = $1 AND b = $2\n-- one query for all items instead: filter on the list of ids (= ANY($1)) or JOIN the parent query',
      }) as Recommendation,
    ],
    [
      'N+1 queries: a statement cut in the middle is shown, not rewritten (its cut part may hold another filter)',
      {
        kind: 'batch-queries',
        method: 'GET',
        route: '/b',
        queriesPerRequest: 12,
        repeated: { fingerprint: 'g', query: 'SELECT a, b … FROM t WHERE a = $1', callsPerRequest: 11 },
      },
      expect.objectContaining({
        sql: '-- GET /b runs this 11 times per request:\n-- SELECT a, b … FROM t WHERE a = $1\n-- one query for all items instead: filter on the list of ids (= ANY($1)) or JOIN the parent query',
      }) as Recommendation,
    ],
  ])('%s', (_title, spec, expected) => {
    expect(renderRecommendation(spec)).toEqual(expected);
  });
});

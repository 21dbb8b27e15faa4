import { elideStatementText } from '@perflens/conventions';
import { metricCatalogue } from '@perflens/exporter';
import type { PromSeries } from './prometheus-client';
import {
  type RelationsQueryName,
  relationsEvidenceFrom,
  readRelationsEvidence,
  relationsQueries,
  statementMatcher,
} from './relations-evidence';

const SCOPE = { job: 'bookings', endSeconds: 1_700_000_000, rangeSeconds: 600 };
const queries = relationsQueries(SCOPE);

const use = (
  route: string,
  pool: string,
  fingerprint: string,
  value: number,
  method = 'GET',
): PromSeries => ({
  labels: {
    http_request_method: method,
    http_route: route,
    db_client_connection_pool_name: pool,
    db_statement_fingerprint: fingerprint,
  },
  value,
});

const vectors = (
  v: Partial<Record<RelationsQueryName, PromSeries[]>>,
): Record<RelationsQueryName, PromSeries[]> => ({
  routeStatementSeconds: [],
  routeStatementCalls: [],
  statementTexts: [],
  pgStatements: [],
  lockWaiters: [],
  lockWaitSeconds: [],
  idleInTransaction: [],
  dbErrors: [],
  ...v,
});

describe('relationsQueries', () => {
  it('read only metrics Perflens produces (the instrumentation’s and the exporter’s catalogue)', () => {
    const known = new Set(metricCatalogue.map((m) => m.name));
    const names = Object.values(queries).flatMap((q) =>
      [
        ...q
          .replace(/"[^"]*"/g, '')
          .replace(/\b(by|on)\s*\([^)]*\)/g, '')
          .replace(/\{[^}]*\}/g, '')
          .matchAll(/\b((?:perflens|db_client|pg)_[a-z_]+)\b/g),
      ].map((m) => m[1]),
    );
    const unknown = names.filter((n) => !known.has(n as string) && !known.has(n!.replace(/_count$/, '')));
    expect(names.length).toBeGreaterThanOrEqual(9);
    expect(unknown).toEqual([]);
  });

  it('scope the service’s own series to its job, and join the exporter’s texts to them', () => {
    expect(queries.routeStatementSeconds).toContain('{job="bookings"}');
    expect(queries.dbErrors).toContain('job="bookings",error_type!=""');
    // The exporter's texts of the databases where one of the service's texts is found as it is.
    expect(queries.pgStatements).toMatch(
      /^(max by \(datname, queryid, query\) \(last_over_time\(perflens_pg_statement_info\[10m\]\)\)) and on \(datname\) \(\1 and on \(query\) label_replace\(/,
    );
  });
});

describe('relationsEvidenceFrom', () => {
  const text = (fingerprint: string, query: string): PromSeries => ({
    labels: { db_statement_fingerprint: fingerprint, db_query_text: query },
    value: 1,
  });
  const pg = (datname: string, queryid: string, query: string): PromSeries => ({
    labels: { datname, queryid, query },
    value: 1,
  });
  const evidence = relationsEvidenceFrom({
    queries,
    vectors: vectors({
      routeStatementSeconds: [
        use('/bookings/:id', 'main', 'f1', 0.375),
        use('/bookings/:id', 'main', 'f2', 0.125),
        use('/reports', 'reports', 'f3', 1.5),
        use('/reports', 'main', 'f2', 0.5),
        use('/idle', 'main', 'f2', 0),
      ],
      routeStatementCalls: [use('/bookings/:id', 'main', 'f1', 40), use('/reports', 'reports', 'f3', 6)],
      statementTexts: [text('f1', 'SELECT * FROM bookings WHERE id = $1'), text('f3', 'SELECT pg_sleep($1)')],
      pgStatements: [
        pg('app', '11', 'SELECT * FROM bookings WHERE id = $1'),
        pg('app_copy', '12', 'SELECT * FROM bookings WHERE id = $1'),
        pg('app', '33', 'SELECT pg_sleep($1)'),
      ],
      lockWaiters: [
        {
          labels: {
            datname: 'app',
            waiting_queryid: '44',
            holding_queryid: '44',
            holding_state: 'idle in transaction',
          },
          value: 12,
        },
        {
          labels: { datname: 'app', waiting_queryid: '44', holding_queryid: '', holding_state: 'active' },
          value: 0,
        },
      ],
      lockWaitSeconds: [
        { labels: { datname: 'app', waiting_queryid: '44', holding_queryid: '44' }, value: 0.4 },
      ],
      idleInTransaction: [{ labels: { datname: 'app', queryid: '44' }, value: 2.8 }],
      dbErrors: [
        { labels: { error_type: '55P03' }, value: 0.2 },
        { labels: { error_type: 'timeout' }, value: 0 },
      ],
    }),
  });

  it('gives each statement its share of the route’s database time and the pg_stat_statements entries of its text', () => {
    expect(evidence.statements).toEqual([
      {
        method: 'GET',
        route: '/bookings/:id',
        pool: 'main',
        fingerprint: 'f1',
        secondsPerSecond: 0.375,
        callsPerSecond: 40,
        shareOfRouteDbTime: 0.75,
        text: 'SELECT * FROM bookings WHERE id = $1',
        pgStatements: [
          { datname: 'app', queryid: '11' },
          { datname: 'app_copy', queryid: '12' },
        ],
      },
      expect.objectContaining({
        route: '/bookings/:id',
        fingerprint: 'f2',
        shareOfRouteDbTime: 0.25,
        pgStatements: [],
      }),
      expect.objectContaining({
        route: '/reports',
        fingerprint: 'f3',
        shareOfRouteDbTime: 0.75,
        pgStatements: [{ datname: 'app', queryid: '33' }],
      }),
      expect.objectContaining({
        route: '/reports',
        fingerprint: 'f2',
        callsPerSecond: 0,
        shareOfRouteDbTime: 0.25,
      }),
    ]);
  });

  it('sums each route’s pools, and leaves out a route that spent no time in the range', () => {
    expect(evidence.pools).toEqual([
      { method: 'GET', route: '/bookings/:id', pool: 'main', secondsPerSecond: 0.5, shareOfRouteDbTime: 1 },
      { method: 'GET', route: '/reports', pool: 'main', secondsPerSecond: 0.5, shareOfRouteDbTime: 0.25 },
      { method: 'GET', route: '/reports', pool: 'reports', secondsPerSecond: 1.5, shareOfRouteDbTime: 0.75 },
    ]);
  });

  it('keeps the waiting pairs that were seen, idle sessions by their last statement, and the error types that occurred', () => {
    expect(evidence.lockWaits).toEqual([
      {
        datname: 'app',
        waitingQueryid: '44',
        holdingQueryid: '44',
        holdingState: 'idle in transaction',
        waiterSamples: 12,
        maxWaitSeconds: 0.4,
      },
    ]);
    expect(evidence.idleInTransaction).toEqual([{ datname: 'app', queryid: '44', maxIdleSeconds: 2.8 }]);
    expect(evidence.dbErrorsPerSecond).toEqual({ '55P03': 0.2 });
  });

  it('is empty, not an error, when none of the metrics exist', () => {
    expect(relationsEvidenceFrom({ queries, vectors: vectors({}) })).toEqual({
      statements: [],
      pools: [],
      lockWaits: [],
      idleInTransaction: [],
      dbErrorsPerSecond: {},
      queries,
    });
  });
});

describe('statementMatcher', () => {
  const nights =
    'SELECT date_trunc($2, b.starts_on)::date AS month, sum(b.nights)::int AS nights FROM bookings b WHERE b.room_id = $1 GROUP BY 1 ORDER BY 1';
  const match = statementMatcher([
    { datname: 'app', queryid: '1', query: nights },
    { datname: 'app', queryid: '2', query: 'SELECT id FROM rooms WHERE id = $1' },
    { datname: 'app', queryid: '3', query: 'SELECT id FROM rooms WHERE venue_id = $1 LIMIT 5' },
    { datname: 'app', queryid: '4', query: 'SELECT id FROM rooms WHERE venue_id = $1 LIMIT $2' },
    { datname: 'other', queryid: '9', query: 'SELECT id FROM rooms WHERE id = $1' },
  ]);

  it('finds the entries of the same text in every database', () => {
    expect(match('SELECT id FROM rooms WHERE id = $1')).toEqual([
      { datname: 'app', queryid: '2' },
      { datname: 'other', queryid: '9' },
    ]);
  });

  it('matches the positions PostgreSQL keeps and the instrumentation replaces (GROUP BY 1 → GROUP BY $3)', () => {
    expect(match(nights.replace('GROUP BY 1 ORDER BY 1', 'GROUP BY $3 ORDER BY $4'))).toEqual([
      { datname: 'app', queryid: '1' },
    ]);
  });

  it('matches a text cut to 200 characters on both sides at different places', () => {
    const long = `SELECT ${Array.from({ length: 60 }, (_, i) => `c${i}`).join(', ')} FROM wide WHERE k = $1 GROUP BY 1 ORDER BY 1 LIMIT $2`;
    const pgCut = elideStatementText(long);
    const instrumentCut = elideStatementText(
      long.replace('GROUP BY 1 ORDER BY 1', 'GROUP BY $3 ORDER BY $4'),
    );
    expect(pgCut).not.toBe(instrumentCut);
    const matcher = statementMatcher([
      { datname: 'app', queryid: '7', query: pgCut },
      { datname: 'app', queryid: '8', query: elideStatementText(long.replace('k = $1', 'j = $1')) },
    ]);
    expect(matcher(instrumentCut)).toEqual([{ datname: 'app', queryid: '7' }]);
    // The same start with another end is another statement.
    expect(matcher(elideStatementText(long.replace('LIMIT $2', 'OFFSET $2')))).toEqual([]);
    // Two producers from before the middle cut (the start and `…`) still match on the starts they kept.
    const olderExporter = statementMatcher([
      { datname: 'app', queryid: '7', query: `${long.slice(0, 199)}…` },
    ]);
    expect(olderExporter(`${long.slice(0, 150)}…`)).toEqual([{ datname: 'app', queryid: '7' }]);
  });

  it('leaves a text unmatched when two entries of one database match it loosely, or none does', () => {
    expect(match('SELECT id FROM rooms WHERE venue_id = $1 LIMIT $9')).toEqual([]);
    expect(match('SELECT id FROM guests WHERE id = $1')).toEqual([]);
  });
});

describe('relationsQueries in a scope of databases', () => {
  it('read the exporter’s series of those databases only, and the service’s own series whatever the scope', async () => {
    const sent: string[] = [];
    await readRelationsEvidence(
      {
        async query(expr) {
          sent.push(expr);
          return [];
        },
      },
      { ...SCOPE, databases: ['app'] },
    );
    expect(sent).toHaveLength(8);
    for (const expr of sent.filter((e) => e.includes('perflens_pg_')))
      expect(expr).not.toMatch(/perflens_pg_[a-z_]+\[/);
    expect(sent.find((e) => e.includes('perflens_pg_lock_waiters'))).toContain(
      'perflens_pg_lock_waiters{datname=~"app"}',
    );
    expect(sent.find((e) => e.startsWith('sum by (http_request_method'))).not.toContain('datname');
  });
});

import type { Recommendation } from '../findings/finding';
import type { RecommendationSpec } from '../findings/recommendation-spec';
import { renderRecommendation } from './render-recommendation';

const lookup = (queryid: string) =>
  `SELECT query, calls, mean_exec_time, rows / NULLIF(calls, 0) AS rows_per_call\nFROM pg_stat_statements WHERE queryid = ${queryid};`;

describe('renderRecommendation', () => {
  it.each<[string, RecommendationSpec, Recommendation]>([
    [
      'guidance is the check’s own words, without a spec',
      {
        kind: 'guidance',
        action: 'Profile it.',
        expectedEffect: 'Less CPU.',
        effort: 'high',
        config: 'NODE_OPTIONS=--cpu-prof',
      },
      {
        action: 'Profile it.',
        expectedEffect: 'Less CPU.',
        effort: 'high',
        config: 'NODE_OPTIONS=--cpu-prof',
      },
    ],
    [
      'an index without columns and without a linked statement has only the placeholder',
      { kind: 'create-index', schema: 'Sales', table: 'order' },
      {
        action:
          'Index "Sales"."order" on the column(s) the statements linked to this finding filter or join on (their WHERE clause); check the choice with a hypothetical index first (perflens advisor uses hypopg).',
        expectedEffect: 'Index scans read a few pages instead of the whole table per call.',
        effort: 'low',
        sql: '-- replace <column> with the filtered column; CONCURRENTLY does not block writes\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "order_<column>_idx" ON "Sales"."order" ("<column>");',
        rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS "Sales"."order_<column>_idx";',
        spec: { kind: 'create-index', schema: 'Sales', table: 'order' },
      },
    ],
    [
      'an index without columns looks up each statement that reads the table first',
      {
        kind: 'create-index',
        schema: 'public',
        table: 'orders',
        tableSizeBytes: 2048,
        readBy: ['111', '-222'],
      },
      {
        action:
          'Index public.orders on the column(s) statements 111, -222 filter or join on (their WHERE clauses); check the choice with a hypothetical index first (perflens advisor uses hypopg).',
        expectedEffect: 'Index scans read a few pages instead of the whole table (2 KiB) per call.',
        effort: 'low',
        sql:
          `-- the statement's WHERE clause names the column:\n${lookup('111')}\n` +
          `-- the statement's WHERE clause names the column:\n${lookup('-222')}\n` +
          '-- replace <column> with the filtered column; CONCURRENTLY does not block writes\n' +
          'CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_<column>_idx" ON public.orders ("<column>");',
        rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS public."orders_<column>_idx";',
        spec: {
          kind: 'create-index',
          schema: 'public',
          table: 'orders',
          tableSizeBytes: 2048,
          readBy: ['111', '-222'],
        },
      },
    ],
    [
      'an index with columns of its own is named by conventions’ indexName',
      { kind: 'create-index', schema: 'public', table: 'orders', columns: ['customer_id', 'created_at'] },
      {
        action: 'Index public.orders on (customer_id, created_at).',
        expectedEffect: 'Index scans read a few pages instead of the whole table per call.',
        effort: 'low',
        sql: '-- CONCURRENTLY does not block writes\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_created_at_idx ON public.orders (customer_id, created_at);',
        rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS public.orders_customer_id_created_at_idx;',
        spec: {
          kind: 'create-index',
          schema: 'public',
          table: 'orders',
          columns: ['customer_id', 'created_at'],
        },
      },
    ],
    [
      'an advised index without statements serves the table',
      {
        kind: 'create-index',
        schema: 'public',
        table: 'orders',
        columns: ['status'],
        indexName: 'orders_by_status',
        advisedFor: { queryids: [], verified: true },
      },
      {
        action:
          'Index public.orders on (status), checked with a hypothetical index (hypopg), as perflens advisor proposes for the statements that scan it.',
        expectedEffect: 'Index scans read a few pages instead of the whole table per call.',
        effort: 'low',
        sql: '-- perflens advisor: serves statement(s) reading this table; CONCURRENTLY does not block writes\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_by_status ON public.orders (status);',
        rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS public.orders_by_status;',
        spec: {
          kind: 'create-index',
          schema: 'public',
          table: 'orders',
          columns: ['status'],
          indexName: 'orders_by_status',
          advisedFor: { queryids: [], verified: true },
        },
      },
    ],
    [
      'a statement that takes the most time: read its plan',
      {
        kind: 'explain-statement',
        datname: 'shop',
        queryid: '42',
        because: 'most-total-time',
        timeShare: 0.5,
      },
      {
        action:
          'Read the statement and its plan; look for a sequential scan (linked as a cause when one matches), a sort or a nested loop over many rows.',
        expectedEffect: 'Halving its time frees 25% of the database’s statement time.',
        effort: 'medium',
        sql: lookup('42'),
        spec: {
          kind: 'explain-statement',
          datname: 'shop',
          queryid: '42',
          because: 'most-total-time',
          timeShare: 0.5,
        },
      },
    ],
    [
      'a statement whose calls are slow: EXPLAIN it; a queryid that is not a number is quoted',
      { kind: 'explain-statement', datname: 'shop', queryid: "x'1", because: 'slow-calls', timeShare: 0.1 },
      {
        action:
          'Run EXPLAIN (ANALYZE, BUFFERS) on the statement with typical parameters; index the columns of a filter that reads many rows to return few.',
        expectedEffect:
          'An index lookup instead of a scan usually brings a mean of this size under a few milliseconds.',
        effort: 'medium',
        sql: lookup("'x''1'"),
        spec: {
          kind: 'explain-statement',
          datname: 'shop',
          queryid: "x'1",
          because: 'slow-calls',
          timeShare: 0.1,
        },
      },
    ],
    [
      'a row-locking read: the holders of its rows first, not an index',
      {
        kind: 'explain-statement',
        datname: 'shop',
        queryid: '7',
        because: 'slow-calls',
        timeShare: 0.9,
        query: 'SELECT id, nightly_cents FROM rooms WHERE id = $1 FOR UPDATE',
      },
      {
        action:
          'It locks the rows it reads, so time spent waiting for the transactions that hold them counts as its own: shorten those transactions first (commit before slow work such as external calls; see the lock-waits and idle-in-transaction findings), then EXPLAIN (ANALYZE) it with typical parameters to see what is left of its plan.',
        expectedEffect: 'Once the holders commit promptly, its mean falls to its plan’s own cost.',
        effort: 'medium',
        sql: `-- statement 7: SELECT id, nightly_cents FROM rooms WHERE id = $1 FOR UPDATE\n${lookup('7')}`,
        spec: {
          kind: 'explain-statement',
          datname: 'shop',
          queryid: '7',
          because: 'slow-calls',
          timeShare: 0.9,
          query: 'SELECT id, nightly_cents FROM rooms WHERE id = $1 FOR UPDATE',
        },
      },
    ],
    [
      'lock waits: who blocks whom, and a lock_timeout',
      { kind: 'find-lock-blockers', datname: 'shop' },
      {
        action:
          'List who blocks whom while it happens, then shorten the blocking transactions or reorder their updates; a lock_timeout turns endless waits into errors the application can retry.',
        expectedEffect: 'Requests no longer stall behind other transactions.',
        effort: 'medium',
        sql: "SELECT pid, pg_blocking_pids(pid) AS blocked_by, now() - xact_start AS in_transaction, query\nFROM pg_stat_activity WHERE wait_event_type = 'Lock';",
        config:
          "-- replace <service_role> with the role your service connects as (the user of its connection string; SELECT current_user from the service)\nALTER ROLE <service_role> IN DATABASE shop SET lock_timeout = '5s';",
        spec: { kind: 'find-lock-blockers', datname: 'shop' },
      },
    ],
    [
      'an idle transaction: find the code path, and the sessions older than the threshold',
      { kind: 'end-long-transactions', datname: 'shop', olderThanSeconds: 60, idleInTransaction: true },
      {
        action:
          'A session sits idle inside a transaction: find the code path that opens a transaction and awaits something else (HTTP call, user input) before COMMIT; set idle_in_transaction_session_timeout.',
        expectedEffect: 'Locks released sooner and VACUUM able to clean up again.',
        effort: 'low',
        sql: "SELECT pid, state, now() - xact_start AS open_for, query FROM pg_stat_activity\nWHERE xact_start < now() - interval '60 seconds' ORDER BY xact_start;\n-- then, if it must go: SELECT pg_terminate_backend(<pid>);",
        config: "ALTER SYSTEM SET idle_in_transaction_session_timeout = '60s'; SELECT pg_reload_conf();",
        spec: {
          kind: 'end-long-transactions',
          datname: 'shop',
          olderThanSeconds: 60,
          idleInTransaction: true,
        },
      },
    ],
    [
      'a pool of 10 grows to 15',
      { kind: 'resize-pool', pool: 'default', maxConnections: 10, meanWaitSeconds: 0.05 },
      {
        action:
          'Shorten what holds connections (long transactions, slow statements linked as causes); then raise the pool size, keeping instances × pool size under PostgreSQL max_connections.',
        expectedEffect: 'Up to 50 ms less per query that waited.',
        effort: 'low',
        config: 'new pg.Pool({ max: 15 })',
        spec: { kind: 'resize-pool', pool: 'default', maxConnections: 10, meanWaitSeconds: 0.05 },
      },
    ],
    [
      'a pool of unknown size gets 20',
      { kind: 'resize-pool', pool: 'default', meanWaitSeconds: 0.05 },
      expect.objectContaining({ config: 'new pg.Pool({ max: 20 })' }) as Recommendation,
    ],
    [
      'a hot route: the saving at a 90% hit ratio',
      {
        kind: 'cache-route',
        method: 'GET',
        route: '/api/products',
        requestsPerSecond: 100,
        queriesPerRequest: 2,
        dbSecondsPerRequest: 0.01,
      },
      {
        action:
          'Cache GET /api/products: a Cache-Control header when every user sees the same answer, else an in-process LRU keyed by the parameters, with a TTL the data tolerates.',
        expectedEffect: 'With a 90% hit ratio, 180 fewer queries per second and 9 ms less mean latency.',
        effort: 'low',
        config: "res.set('Cache-Control', 'public, max-age=30, stale-while-revalidate=60');",
        spec: {
          kind: 'cache-route',
          method: 'GET',
          route: '/api/products',
          requestsPerSecond: 100,
          queriesPerRequest: 2,
          dbSecondsPerRequest: 0.01,
        },
      },
    ],
    [
      'lock blockers: the holding statement named, idle in transaction, and no role guessed',
      {
        kind: 'find-lock-blockers',
        datname: 'Bookings',
        holders: [
          {
            queryid: '-77',
            query: 'SELECT id FROM rooms WHERE id = $1 FOR UPDATE',
            state: 'idle in transaction',
            meanWaitingSessions: 1.2,
          },
        ],
      },
      expect.objectContaining({
        action:
          'Most waits are for sessions whose last statement was -77, idle in transaction: the application keeps the transaction open while it does something else. List who blocks whom while it happens, then shorten the blocking transactions (commit before slow work) or reorder their updates; a lock_timeout turns endless waits into errors the application can retry.',
        sql: "-- statement -77: SELECT id FROM rooms WHERE id = $1 FOR UPDATE\nSELECT pid, pg_blocking_pids(pid) AS blocked_by, now() - xact_start AS in_transaction, query\nFROM pg_stat_activity WHERE wait_event_type = 'Lock';",
        config:
          '-- replace <service_role> with the role your service connects as (the user of its connection string; SELECT current_user from the service)\nALTER ROLE <service_role> IN DATABASE "Bookings" SET lock_timeout = \'5s\';',
      }) as Recommendation,
    ],
    [
      'commit before slow work: the route and statement named, the timeout as a backstop for a placeholder role',
      {
        kind: 'commit-before-slow-work',
        datname: 'bookings',
        queryid: '-77',
        query: 'SELECT id FROM rooms WHERE id = $1 FOR UPDATE',
        routes: ['POST /bookings'],
        longestIdleSeconds: 0.42,
      },
      expect.objectContaining({
        action:
          'In POST /bookings, the transaction that runs statement -77 stays open, idle for up to 420 ms, while the code does other work: commit before the external call or move the slow work out of the transaction (do it before BEGIN, or after COMMIT), and take row locks (SELECT … FOR UPDATE) just before the write that needs them.',
        config:
          "-- replace <service_role> with the role your service connects as (the user of its connection string; SELECT current_user from the service)\nALTER ROLE <service_role> IN DATABASE bookings SET idle_in_transaction_session_timeout = '10s';",
        sql: expect.stringMatching(
          /^-- statement -77: SELECT id FROM rooms WHERE id = \$1 FOR UPDATE\n-- sessions idle in transaction/,
        ) as string,
      }) as Recommendation,
    ],
    [
      'explain a statement: its text as a comment above the look-up',
      {
        kind: 'explain-statement',
        datname: 'shop',
        queryid: '42',
        because: 'slow-calls',
        timeShare: 0.5,
        query: 'SELECT * FROM orders WHERE customer_id = $1',
      },
      expect.objectContaining({
        sql: '-- statement 42: SELECT * FROM orders WHERE customer_id = $1\nSELECT query, calls, mean_exec_time, rows / NULLIF(calls, 0) AS rows_per_call\nFROM pg_stat_statements WHERE queryid = 42;',
      }) as Recommendation,
    ],
  ])('%s', (_title, spec, expected) => {
    expect(renderRecommendation(spec)).toEqual(expected);
  });
});

describe('no recommendation names a role', () => {
  it.each([
    ['find-lock-blockers', { kind: 'find-lock-blockers', datname: 'shop' }],
    [
      'commit-before-slow-work',
      { kind: 'commit-before-slow-work', datname: 'shop', queryid: '1', routes: [] },
    ],
    [
      'end-long-transactions',
      { kind: 'end-long-transactions', datname: 'shop', olderThanSeconds: 60, idleInTransaction: true },
    ],
  ] as [string, RecommendationSpec][])('%s', (_kind, spec) => {
    const rendered = renderRecommendation(spec);
    const text = [rendered.sql, rendered.config].join('\n');
    // ALTER ROLE only ever with the placeholder the comment above it explains.
    for (const [, role] of text.matchAll(/ALTER ROLE (\S+)/g)) expect(role).toBe('<service_role>');
    expect(text).not.toMatch(/ROLE app\b/);
  });
});

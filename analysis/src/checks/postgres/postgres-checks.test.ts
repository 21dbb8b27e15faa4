import { postgresEvidence, thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { DatabaseStats, StatementStats, TableStats } from '../../sources/postgres-evidence';
import { findConnectionsNearLimit } from './connections-near-limit';
import { findLockWaits } from './lock-waits';
import { findLongTransactions } from './long-transactions';
import { findLowCacheHitRatio } from './low-cache-hit-ratio';
import { findSequentialScans } from './sequential-scans';
import { findSlowStatements } from './slow-statements';
import { findTopTimeStatements } from './top-time-statements';

const defaults = thresholds();
const db = (overrides: Partial<DatabaseStats>): DatabaseStats => ({
  datname: 'shop',
  statementSecondsPerSecond: 0.5,
  ...overrides,
});
const statement = (overrides: Partial<StatementStats>): StatementStats => ({
  datname: 'shop',
  queryid: '42',
  secondsPerSecond: 0.01,
  callsPerSecond: 10,
  ...overrides,
});
const table = (overrides: Partial<TableStats>): TableStats => ({
  datname: 'shop',
  schemaname: 'public',
  relname: 'orders',
  seqScansPerSecond: 0,
  indexScansPerSecond: 100,
  liveRows: 200_000,
  ...overrides,
});
const titles = (found: { severity: string; title: string }[]) => found.map((f) => [f.severity, f.title]);

describe('postgres.top-time-statements', () => {
  it.each([
    [
      'fires for a statement with 80% of database time',
      [statement({ secondsPerSecond: 0.4 }), statement({ queryid: '7', secondsPerSecond: 0.1 })],
      [['warning', 'Statement 42 takes 80% of database time (10 calls/s, mean 40 ms)']],
    ],
    [
      'stays silent when time is spread out',
      [statement({ secondsPerSecond: 0.1 }), statement({ queryid: '7', secondsPerSecond: 0.1 })],
      [],
    ],
    [
      'ignores statements called fewer than 100 times in the range',
      [statement({ secondsPerSecond: 0.4, callsPerSecond: 0.01 })],
      [],
    ],
  ])('%s', (_title, statements, expected) => {
    expect(
      titles(findTopTimeStatements(postgresEvidence({ statements, databases: [db({})] }), defaults, 1800)),
    ).toEqual(expected);
  });
});

describe('postgres.slow-statements', () => {
  it.each([
    [
      'warns at a mean of 80 ms (PgHero: 20 ms)',
      statement({ secondsPerSecond: 0.8, rowsPerSecond: 10 }),
      [['warning', 'Statement 42: mean 80 ms over 18000 calls, 1 rows per call']],
    ],
    [
      'is critical at a mean of 500 ms',
      statement({ secondsPerSecond: 5 }),
      [['critical', 'Statement 42: mean 500 ms over 18000 calls']],
    ],
    ['stays silent at a mean of 1 ms', statement({ secondsPerSecond: 0.01 }), []],
  ])('%s', (_title, s, expected) => {
    expect(
      titles(findSlowStatements(postgresEvidence({ statements: [s], databases: [db({})] }), defaults, 1800)),
    ).toEqual(expected);
  });
});

describe('postgres.sequential-scans', () => {
  it.each([
    [
      'fires on a 200,000-row table scanned sequentially',
      table({ seqScansPerSecond: 5, indexScansPerSecond: 1, seqRowsReadPerSecond: 1e6 }),
      [
        [
          'warning',
          'shop.public.orders: 5 sequential scans/s of 200000 rows (index used for 16.7% of scans)',
        ],
      ],
    ],
    [
      'stays silent when the index serves 99% of scans',
      table({ seqScansPerSecond: 1, indexScansPerSecond: 99 }),
      [],
    ],
    [
      'stays silent on a small table (PgHero: 10,000 rows)',
      table({ seqScansPerSecond: 5, indexScansPerSecond: 0, liveRows: 500 }),
      [],
    ],
    [
      'fires after pg_stat_reset(): n_live_tup reads 4,215, pg_class.reltuples still 425,000',
      table({ seqScansPerSecond: 5, indexScansPerSecond: 0, liveRows: 4215, estimatedRows: 425_000 }),
      [['warning', 'shop.public.orders: 5 sequential scans/s of 425000 rows (index used for 0% of scans)']],
    ],
    [
      'fires when 4% of scans are full scans that read 99.9% of the rows served (bookings: 11 of 330 scans/s)',
      table({
        seqScansPerSecond: 11,
        indexScansPerSecond: 319,
        seqRowsReadPerSecond: 11 * 240_000,
        indexRowsFetchedPerSecond: 2000,
      }),
      [
        [
          'warning',
          'shop.public.orders: 11 sequential scans/s of 200000 rows (index used for 96.7% of scans, 99.9% of rows read sequentially)',
        ],
      ],
    ],
    [
      'stays silent when index fetches serve most rows beside the full scans',
      table({
        seqScansPerSecond: 1,
        indexScansPerSecond: 99,
        seqRowsReadPerSecond: 200_000,
        indexRowsFetchedPerSecond: 1e6,
      }),
      [],
    ],
    [
      'stays silent on a rare full scan that reads most rows (a report once every ten minutes)',
      table({
        seqScansPerSecond: 1 / 600,
        indexScansPerSecond: 5,
        seqRowsReadPerSecond: 200_000 / 600,
        indexRowsFetchedPerSecond: 5,
      }),
      [],
    ],
    [
      'takes n_live_tup when reltuples was never counted (-1)',
      table({ seqScansPerSecond: 5, indexScansPerSecond: 0, liveRows: 500, estimatedRows: -1 }),
      [],
    ],
  ])('%s', (_title, t, expected) => {
    expect(titles(findSequentialScans(postgresEvidence({ tables: [t] }), defaults))).toEqual(expected);
  });

  it.each([
    ['each call reads all 2,000 blocks', 2000, '; read by statement 42', ['42']],
    ['each call reads half the blocks', 1000, '; read by statement 42', ['42']],
    ['each call reads a few blocks through an index', 4, '', undefined],
  ])(
    'names the statements that read the table whole, from block counts: %s',
    (_title, blocksPerCall, suffix, readBy) => {
      const [finding] = findSequentialScans(
        postgresEvidence({
          statements: [statement({ blocksPerSecond: 10 * blocksPerCall })],
          tables: [table({ seqScansPerSecond: 5, indexScansPerSecond: 0, sizeBytes: 2000 * 8192 })],
        }),
        defaults,
      );
      expect([finding?.title, finding?.recommendations[0]]).toEqual([
        `shop.public.orders: 5 sequential scans/s of 200000 rows (index used for 0% of scans)${suffix}`,
        {
          kind: 'create-index',
          schema: 'public',
          table: 'orders',
          tableSizeBytes: 2000 * 8192,
          ...(readBy ? { readBy } : {}),
        },
      ]);
    },
  );

  it('names the readers from their plans where the advisor planned them, from block counts elsewhere', () => {
    const sizeBytes = 2000 * 8192;
    // 41 and 42 read 1,300 of 2,000 blocks per call: 41's plan looks the table up through an index (a
    // nested loop's lookups), 42's scans it. 43 has no plan: its block counts decide.
    const [finding] = findSequentialScans(
      postgresEvidence({
        statements: ['41', '42', '43'].map((queryid) => statement({ queryid, blocksPerSecond: 10 * 1300 })),
        tables: [table({ seqScansPerSecond: 5, indexScansPerSecond: 0, sizeBytes })],
        statementPlans: [
          {
            datname: 'shop',
            queryid: '41',
            relations: [
              { schemaname: 'public', relname: 'customers', seqScans: 1 },
              { schemaname: 'public', relname: 'orders', seqScans: 0 },
            ],
          },
          {
            datname: 'shop',
            queryid: '42',
            relations: [{ schemaname: 'public', relname: 'orders', seqScans: 1 }],
          },
        ],
      }),
      defaults,
    );
    expect(finding?.title).toMatch(/; read by statements 42, 43$/);
  });

  it('names the column the busiest reader looks the table up by, from its WHERE clause', () => {
    const sizeBytes = 2000 * 8192;
    const reader = (queryid: string, secondsPerSecond: number, query: string) =>
      statement({ queryid, secondsPerSecond, blocksPerSecond: 10 * 2000, query });
    const [finding] = findSequentialScans(
      postgresEvidence({
        statements: [
          reader(
            '7',
            0.5,
            'SELECT sum(o.total) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = $1',
          ),
          reader(
            '8',
            0.4,
            'SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2',
          ),
          reader('9', 0.1, 'SELECT id FROM orders WHERE status = $1'),
        ],
        tables: [table({ seqScansPerSecond: 5, indexScansPerSecond: 0, sizeBytes })],
      }),
      defaults,
    );
    expect(finding?.recommendations).toEqual([
      {
        kind: 'create-index',
        schema: 'public',
        table: 'orders',
        tableSizeBytes: sizeBytes,
        readBy: ['7', '8', '9'],
        columns: ['customer_id'],
        columnsFrom: { queryid: '8', predicate: 'customer_id = $1' },
      },
    ]);
  });

  it('recommends an index on the table, leaving the columns to the advice', () => {
    const [finding] = findSequentialScans(
      postgresEvidence({
        tables: [table({ seqScansPerSecond: 5, indexScansPerSecond: 0, sizeBytes: 1 << 20 })],
      }),
      defaults,
    );
    expect(finding?.recommendations).toEqual([
      { kind: 'create-index', schema: 'public', table: 'orders', tableSizeBytes: 1 << 20 },
    ]);
  });
});

describe('database-wide PostgreSQL checks', () => {
  it.each([
    [
      'low cache hit ratio: critical at 80%',
      findLowCacheHitRatio,
      db({ blocksHitPerSecond: 800, blocksReadPerSecond: 200 }),
      [['critical', 'shop: cache hit ratio 80% (200 blocks/s read outside shared buffers)']],
    ],
    [
      'low cache hit ratio: silent at 99.9%',
      findLowCacheHitRatio,
      db({ blocksHitPerSecond: 9990, blocksReadPerSecond: 10 }),
      [],
    ],
    [
      'lock waits: warns on 2 waiting sessions and a deadlock',
      findLockWaits,
      db({ meanLockWaitingSessions: 2, deadlocks: 1 }),
      [['warning', 'shop: 2 sessions waiting on locks on average, 1 deadlocks']],
    ],
    ['lock waits: silent without waits', findLockWaits, db({ meanLockWaitingSessions: 0, deadlocks: 0 }), []],
    [
      'long transactions: critical at 10 minutes idle in transaction',
      findLongTransactions,
      db({ longestTransactionSeconds: 600, longestTransactionState: 'idle in transaction' }),
      [['critical', 'shop: a transaction open for 600 s (idle in transaction)']],
    ],
    [
      'long transactions: silent at 5 seconds',
      findLongTransactions,
      db({ longestTransactionSeconds: 5, longestTransactionState: 'active' }),
      [],
    ],
  ])('%s', (_title, find, database, expected) => {
    expect(titles(find(postgresEvidence({ databases: [database] }), defaults))).toEqual(expected);
  });

  it.each([
    [
      'warns at 85 of 100 connections',
      85,
      [['warning', 'shop: 85 of 100 connections in use at the peak (85%)']],
    ],
    ['is critical at 97 of 100', 97, [['critical', 'shop: 97 of 100 connections in use at the peak (97%)']]],
    ['stays silent at 20 of 100', 20, []],
  ])('connections near the limit %s', (_title, peakConnections, expected) => {
    const evidence = postgresEvidence({ databases: [db({ peakConnections })], maxConnectionsSetting: 100 });
    expect(titles(findConnectionsNearLimit(evidence, defaults))).toEqual(expected);
  });
});

describe('statement findings show the SQL', () => {
  const text = 'SELECT sum(total) FROM orders WHERE customer_id = $1';

  it.each([
    [
      'top time: the text in the title and the explain recommendation',
      findTopTimeStatements,
      'Statement 42 (SELECT sum(total) FROM orders WHERE customer_id = $1) takes 100% of database time (10 calls/s, mean 50 ms)',
    ],
    [
      'slow: the text in the title and the explain recommendation',
      findSlowStatements,
      'Statement 42 (SELECT sum(total) FROM orders WHERE customer_id = $1): mean 50 ms over 18000 calls',
    ],
  ])('%s', (_title, find, expectedTitle) => {
    const [finding] = find(
      postgresEvidence({
        statements: [statement({ secondsPerSecond: 0.5, query: text })],
        databases: [db({})],
      }),
      defaults,
      1800,
    );
    expect([finding?.title, finding?.recommendations[0]]).toEqual([
      expectedTitle,
      expect.objectContaining({ kind: 'explain-statement', queryid: '42', query: text }),
    ]);
  });

  it('lock waits name the statement whose sessions hold the locks, with its text and state', () => {
    const [finding] = findLockWaits(
      postgresEvidence({
        databases: [db({ meanLockWaitingSessions: 1.5 })],
        statementTexts: [
          { datname: 'shop', queryid: '-9', query: 'SELECT id FROM stock WHERE sku = $1 FOR UPDATE' },
        ],
        lockHolders: [
          {
            datname: 'shop',
            holdingQueryid: '-9',
            meanWaitingSessions: 1.2,
            meanWaitingOnIdleSessions: 0.8,
          },
          { datname: 'shop', holdingQueryid: '5', meanWaitingSessions: 0.3, meanWaitingOnIdleSessions: 0 },
          { datname: 'other', holdingQueryid: '8', meanWaitingSessions: 9, meanWaitingOnIdleSessions: 0 },
        ],
      }),
      defaults,
    );
    expect(finding?.title).toBe(
      'shop: 1.5 sessions waiting on locks on average, 0 deadlocks; most wait for Statement -9 (SELECT id FROM stock WHERE sku = $1 FOR UPDATE) (idle in transaction)',
    );
    expect(finding?.evidence.slice(2).map((e) => [e.label, e.value, e.query])).toEqual([
      ['sessions waiting for locks held by sessions whose last statement was -9', 1.2, 'lockWaitersByHolder'],
      ['sessions waiting for locks held by sessions whose last statement was 5', 0.3, 'lockWaitersByHolder'],
    ]);
    expect(finding?.recommendations[0]).toEqual({
      kind: 'find-lock-blockers',
      datname: 'shop',
      holders: [
        {
          queryid: '-9',
          query: 'SELECT id FROM stock WHERE sku = $1 FOR UPDATE',
          state: 'idle in transaction',
          meanWaitingSessions: 1.2,
        },
        { queryid: '5', state: 'active', meanWaitingSessions: 0.3 },
      ],
    });
  });
});

describe('postgres.sequential-scans row counts', () => {
  it('gives the larger of the two counts as one query, the number the threshold judged', () => {
    const [finding] = findSequentialScans(
      postgresEvidence({
        tables: [
          table({ seqScansPerSecond: 5, indexScansPerSecond: 0, liveRows: 0, estimatedRows: 425_000 }),
        ],
      }),
      defaults,
    );
    expect(finding?.evidence[1]).toEqual({
      label: 'rows (the larger of n_live_tup and pg_class.reltuples)',
      query:
        'max by (datname, schemaname, relname) (label_replace(liveRows, "rows_from", "n_live_tup", "", "") or label_replace(estimatedRows, "rows_from", "reltuples", "", ""))',
      value: 425_000,
      unit: 'count',
      threshold: 10_000,
      thresholdSource: 'default',
    });
  });
});

import { serverHealthAdvice, type ServerHealth, type ServerThresholds } from './server-health';

const healthy: ServerHealth = {
  database: 'app',
  heapHit: 99_900,
  heapRead: 100,
  indexHit: 99_950,
  indexRead: 50,
  connections: 10,
  maxConnections: 100,
  reservedConnections: 3,
  idleInTransaction: 0,
  longestIdleInTransactionSeconds: 0,
};
const thresholds: ServerThresholds = {
  cacheHitRatioMin: 0.99,
  cacheHitMinBlocks: 10_000,
  connectionsMaxShare: 0.8,
  idleInTransactionSeconds: 60,
};

describe('serverHealthAdvice', () => {
  it.each([
    ['nothing for a healthy server', {}, []],
    [
      'a low table cache hit ratio',
      { heapHit: 90_000, heapRead: 10_000 },
      ['low-cache-hit-ratio warning table cache hit ratio is 90.0% (below 99%)'],
    ],
    ['no cache verdict before enough blocks were read', { heapHit: 10, heapRead: 90 }, []],
    [
      'connections near the limit',
      { connections: 80 },
      ['connections-near-limit warning 80 of 97 usable connections are open'],
    ],
    [
      'connections at the limit as critical',
      { connections: 95 },
      ['connections-near-limit critical 95 of 97 usable connections are open'],
    ],
    [
      'sessions idle in transaction',
      { idleInTransaction: 2, longestIdleInTransactionSeconds: 125.4 },
      ['idle-in-transaction warning 2 session(s) idle in transaction, the longest for 125 s'],
    ],
  ])('reports %s', (_title, change, expected) => {
    const advice = serverHealthAdvice({ ...healthy, ...change }, thresholds);
    expect(advice.map((r) => `${r.kind} ${r.severity} ${r.title}`)).toEqual(expected);
  });

  it('sets and resets the idle-in-transaction timeout for the database', () => {
    const [advice] = serverHealthAdvice({ ...healthy, database: 'My App', idleInTransaction: 1 }, thresholds);
    expect([advice?.applySql, advice?.rollbackSql]).toEqual([
      `ALTER DATABASE "My App" SET idle_in_transaction_session_timeout = '60s'`,
      'ALTER DATABASE "My App" RESET idle_in_transaction_session_timeout',
    ]);
  });
});

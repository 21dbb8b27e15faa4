import { thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { DbClientEvidence, PoolStats } from '../../sources/db-client-evidence';
import { findPoolSaturation } from './pool-saturation';

const evidence = (pool: PoolStats): DbClientEvidence => ({
  pools: [pool],
  queries: { used: 'used', max: 'max', pending: 'pending', meanWait: 'meanWait' },
});

describe('db-client.pool-saturation', () => {
  it.each([
    [
      'is critical when queries wait 150 ms for a connection',
      {
        pool: 'default',
        meanUsedConnections: 10,
        maxConnections: 10,
        meanPendingRequests: 6,
        meanWaitSeconds: 0.15,
      },
      [['critical', 'Pool default: 100% of 10 connections in use, 6 requests pending, 150 ms mean wait', 30]],
    ],
    [
      'warns on a full pool with requests pending',
      {
        pool: 'default',
        meanUsedConnections: 9.5,
        maxConnections: 10,
        meanPendingRequests: 0.5,
        meanWaitSeconds: 0.002,
      },
      [['warning', 'Pool default: 95% of 10 connections in use, 0.5 requests pending, 2 ms mean wait', 0.4]],
    ],
    [
      'stays silent on a busy pool nobody waits for',
      {
        pool: 'default',
        meanUsedConnections: 9.5,
        maxConnections: 10,
        meanPendingRequests: 0,
        meanWaitSeconds: 0.001,
      },
      [],
    ],
  ])('%s', (_title, pool, expected) => {
    expect(
      findPoolSaturation(evidence(pool), thresholds()).map((f) => [f.severity, f.title, f.ownImpact.score]),
    ).toEqual(expected);
  });
});

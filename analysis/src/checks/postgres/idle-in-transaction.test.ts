import { postgresEvidence, thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { IdleInTransactionStats, LockHolderStats } from '../../sources/postgres-evidence-sessions';
import {
  emptyRelations,
  relationsQueries,
  type RelationsEvidence,
  type RouteStatementUse,
} from '../../sources/relations-evidence';
import { findIdleInTransaction } from './idle-in-transaction';

const defaults = thresholds();
const FOR_UPDATE = 'SELECT id, held_until FROM rooms WHERE id = $1 FOR UPDATE';
const idle = (overrides: Partial<IdleInTransactionStats>): IdleInTransactionStats => ({
  datname: 'bookings',
  queryid: '-77',
  meanSessions: 1.3,
  longestIdleSeconds: 0.42,
  ...overrides,
});
const holder = (overrides: Partial<LockHolderStats>): LockHolderStats => ({
  datname: 'bookings',
  holdingQueryid: '-77',
  meanWaitingSessions: 1.5,
  meanWaitingOnIdleSessions: 1.2,
  longestWaitSeconds: 2.8,
  ...overrides,
});
const use = (overrides: Partial<RouteStatementUse>): RouteStatementUse => ({
  method: 'POST',
  route: '/bookings',
  pool: 'main',
  fingerprint: 'f',
  secondsPerSecond: 0.01,
  callsPerSecond: 5,
  shareOfRouteDbTime: 0.5,
  pgStatements: [{ datname: 'bookings', queryid: '-77' }],
  ...overrides,
});
const relations = (statements: RouteStatementUse[]): RelationsEvidence => ({
  ...emptyRelations(relationsQueries({ job: 'bookings', endSeconds: 0, rangeSeconds: 900 })),
  statements,
});
const evidence = (idleInTransaction: IdleInTransactionStats[], lockHolders: LockHolderStats[]) =>
  postgresEvidence({
    statementTexts: [{ datname: 'bookings', queryid: '-77', query: FOR_UPDATE }],
    idleInTransaction,
    lockHolders,
  });
const titles = (found: { severity: string; title: string }[]) => found.map((f) => [f.severity, f.title]);

describe('postgres.idle-in-transaction', () => {
  it.each([
    [
      'the issue’s case: 1.3 sessions idle after a FOR UPDATE, 1.2 waiting for their locks, far below 60 s',
      [idle({})],
      [holder({})],
      [
        [
          'critical',
          'bookings: 1.2 sessions on average wait for the locks of transactions idle up to 420 ms after Statement -77 (SELECT id, held_until FROM rooms WHERE id = $1 FOR UPDATE)',
        ],
      ],
    ],
    [
      'a warning at 0.3 waiting sessions',
      [idle({ meanSessions: 0.2 })],
      [holder({ meanWaitingOnIdleSessions: 0.3 })],
      [
        [
          'warning',
          'bookings: 0.3 sessions on average wait for the locks of transactions idle up to 420 ms after Statement -77 (SELECT id, held_until FROM rooms WHERE id = $1 FOR UPDATE)',
        ],
      ],
    ],
    [
      'idle for seconds with nobody waiting still holds a connection and its locks',
      [idle({ meanSessions: 0.5, longestIdleSeconds: 3 })],
      [],
      [
        [
          'warning',
          'bookings: 0.5 sessions on average sit in transactions idle up to 3 s after Statement -77 (SELECT id, held_until FROM rooms WHERE id = $1 FOR UPDATE)',
        ],
      ],
    ],
    [
      'silent on short idle gaps nobody waits for',
      [idle({ meanSessions: 0.5, longestIdleSeconds: 0.05 })],
      [],
      [],
    ],
    [
      'silent when the waiters wait for active holders (that is lock waits, not idling)',
      [],
      [holder({ meanWaitingOnIdleSessions: 0 })],
      [],
    ],
    ['silent on sessions without a queryid', [idle({ queryid: '', longestIdleSeconds: 30 })], [], []],
  ])('%s', (_title, idleInTransaction, lockHolders, expected) => {
    expect(titles(findIdleInTransaction(evidence(idleInTransaction, lockHolders), defaults))).toEqual(
      expected,
    );
  });

  it('names the routes that run the statement, busiest first, and recommends committing before slow work', () => {
    const [finding] = findIdleInTransaction(
      evidence([idle({})], [holder({})]),
      defaults,
      relations([
        use({ route: '/bookings/:id/hold', callsPerSecond: 1 }),
        use({}),
        use({ route: '/rooms', pgStatements: [{ datname: 'bookings', queryid: '5' }], callsPerSecond: 99 }),
      ]),
    );
    expect(finding?.target).toEqual({ datname: 'bookings', queryid: '-77' });
    expect(finding?.title).toMatch(/, run by POST \/bookings, POST \/bookings\/:id\/hold$/);
    expect(finding?.recommendations).toEqual([
      {
        kind: 'commit-before-slow-work',
        datname: 'bookings',
        queryid: '-77',
        query: FOR_UPDATE,
        routes: ['POST /bookings', 'POST /bookings/:id/hold'],
        longestIdleSeconds: 0.42,
      },
    ]);
    expect(finding?.evidence.map((e) => [e.label, e.value, e.query, e.threshold])).toEqual([
      [
        'sessions waiting for locks held by sessions idle in transaction after statement -77',
        1.2,
        'lockWaitersOnIdleHolder',
        0.1,
      ],
      ['sessions idle in transaction after statement -77', 1.3, 'idleInTransactionSessions', undefined],
      ['longest idle in transaction', 0.42, 'idleInTransactionSeconds', 1],
      ['longest wait for its locks', 2.8, 'lockWaitSeconds', undefined],
    ]);
  });
});

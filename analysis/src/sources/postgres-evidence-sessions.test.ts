import { postgresSessionQueries, readPostgresSessions } from './postgres-evidence-sessions';
import type { PromSeries, PrometheusClient } from './prometheus-client';

const measure = (name: string, labels: Record<string, string>, value: number): PromSeries => ({
  labels: { ...labels, perflens_measure: name },
  value,
});

describe('readPostgresSessions', () => {
  it('reads every measure in one query and splits them by measure', async () => {
    const sent: string[] = [];
    const client: PrometheusClient = {
      async query(expr) {
        sent.push(expr);
        const db = { datname: 'bookings' };
        return [
          measure(
            'statementText',
            { ...db, queryid: '-77', query: 'SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE' },
            1,
          ),
          measure('idleInTransactionSessions', { ...db, queryid: '-77' }, 1.3),
          measure('idleInTransactionSeconds', { ...db, queryid: '-77' }, 2.8),
          measure('lockWaitersByHolder', { ...db, holding_queryid: '-77' }, 1.9),
          measure('lockWaitersOnIdleHolder', { ...db, holding_queryid: '-77' }, 1.2),
          measure('lockWaitSeconds', { ...db, holding_queryid: '-77' }, 3.1),
          measure('idleInTransactionSessions', { ...db, queryid: '5' }, Number.NaN),
          measure('planSeqScans', { ...db, queryid: '-12', schemaname: 'public', relname: 'rooms' }, 0),
          measure('planSeqScans', { ...db, queryid: '-12', schemaname: 'public', relname: 'bookings' }, 1),
        ];
      },
    };
    const queries = postgresSessionQueries('15m');
    const sessions = await readPostgresSessions(client, queries, 1_700_000_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(
      `label_replace(${queries.lockWaitersOnIdleHolder}, "perflens_measure", "lockWaitersOnIdleHolder", "", "")`,
    );
    expect(sessions).toEqual({
      statementTexts: [
        { datname: 'bookings', queryid: '-77', query: 'SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE' },
      ],
      idleInTransaction: [
        { datname: 'bookings', queryid: '-77', meanSessions: 1.3, longestIdleSeconds: 2.8 },
      ],
      lockHolders: [
        {
          datname: 'bookings',
          holdingQueryid: '-77',
          meanWaitingSessions: 1.9,
          meanWaitingOnIdleSessions: 1.2,
          longestWaitSeconds: 3.1,
        },
      ],
      statementPlans: [
        {
          datname: 'bookings',
          queryid: '-12',
          relations: [
            { schemaname: 'public', relname: 'rooms', seqScans: 0 },
            { schemaname: 'public', relname: 'bookings', seqScans: 1 },
          ],
        },
      ],
    });
  });

  it('averages over every scrape of the range, not only the scrapes that saw sessions', () => {
    expect(postgresSessionQueries('15m').idleInTransactionSessions).toBe(
      'sum by (datname, queryid) (sum_over_time(perflens_pg_idle_in_transaction_sessions[15m])) / on (datname) group_left max by (datname) (count_over_time(pg_up[15m]))',
    );
  });
});

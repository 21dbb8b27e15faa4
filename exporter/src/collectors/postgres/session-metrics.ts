import type { ScrapeMetric } from '../scrape-metric';
import type { PostgresSnapshot } from './postgres-snapshot';

type Metric = ScrapeMetric<PostgresSnapshot>;

/**
 * Lock holders, sessions idle in transaction and statement texts, keyed by queryid (never by PID, which
 * churns) so they join pg_stat_statements_* series. Bounded: the top N groups per database
 * (postgres.sessionsLimit) plus one __overflow__ group, counted in perflens_pg_sessions_folded_groups.
 */
export const sessionMetrics: readonly Metric[] = [
  {
    name: 'perflens_pg_lock_waiters',
    type: 'gauge',
    help: 'Sessions waiting for a heavyweight lock, by the waiting statement and the statement last run by the session holding it (queryid), and the holder state (idle in transaction: the application keeps the transaction open).',
    labels: ['datname', 'waiting_queryid', 'holding_queryid', 'holding_state'],
    samples(s, emit) {
      for (const g of s.sessions?.lockWaits ?? []) {
        emit(
          {
            datname: s.datname,
            waiting_queryid: g.waiting_queryid,
            holding_queryid: g.holding_queryid,
            holding_state: g.holding_state,
          },
          g.count,
        );
      }
    },
  },
  {
    name: 'perflens_pg_lock_wait_seconds_max',
    type: 'gauge',
    help: 'Longest lock wait among these sessions, in seconds (age of the waiting statement), by the waiting and the holding statement (queryid).',
    labels: ['datname', 'waiting_queryid', 'holding_queryid'],
    samples(s, emit) {
      // Holder states are summed away here: one series per pair of statements, with the longest wait.
      const longest = new Map<string, { waiting: string; holding: string; seconds: number }>();
      for (const g of s.sessions?.lockWaits ?? []) {
        const key = `${g.waiting_queryid}\u0000${g.holding_queryid}`;
        const seen = longest.get(key);
        if (!seen || g.max_wait_seconds > seen.seconds)
          longest.set(key, {
            waiting: g.waiting_queryid,
            holding: g.holding_queryid,
            seconds: g.max_wait_seconds,
          });
      }
      for (const { waiting, holding, seconds } of longest.values())
        emit({ datname: s.datname, waiting_queryid: waiting, holding_queryid: holding }, seconds);
    },
  },
  {
    name: 'perflens_pg_idle_in_transaction_sessions',
    type: 'gauge',
    help: 'Sessions idle in transaction (aborted included), by the queryid of their last statement.',
    labels: ['datname', 'queryid'],
    samples(s, emit) {
      for (const g of s.sessions?.idleInTransaction ?? [])
        emit({ datname: s.datname, queryid: g.queryid }, g.count);
    },
  },
  {
    name: 'perflens_pg_idle_in_transaction_seconds_max',
    type: 'gauge',
    help: 'Longest time a session has been idle in transaction, in seconds, by the queryid of its last statement.',
    labels: ['datname', 'queryid'],
    samples(s, emit) {
      for (const g of s.sessions?.idleInTransaction ?? [])
        emit({ datname: s.datname, queryid: g.queryid }, g.max_idle_seconds);
    },
  },
  {
    name: 'perflens_pg_sessions_folded_groups',
    type: 'gauge',
    help: 'Groups past postgres.sessionsLimit that this scrape summed into the __overflow__ series, by metric family (lock_waiters, idle_in_transaction).',
    labels: ['datname', 'family'],
    samples(s, emit) {
      const folded = s.sessions?.folded;
      if (!folded) return;
      emit({ datname: s.datname, family: 'lock_waiters' }, folded.lockWaits);
      emit({ datname: s.datname, family: 'idle_in_transaction' }, folded.idleInTransaction);
    },
  },
  {
    name: 'perflens_pg_statement_info',
    type: 'gauge',
    help: 'Normalized text of an exported statement (constants are $n, comments removed, at most 200 characters, a longer one cut in the middle); always 1. Only SELECT, INSERT, UPDATE, DELETE, MERGE and WITH statements.',
    labels: ['datname', 'queryid', 'query'],
    samples(s, emit) {
      for (const t of s.statementTexts ?? [])
        emit({ datname: s.datname, queryid: t.queryid, query: t.query }, 1);
    },
  },
];

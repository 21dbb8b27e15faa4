import { foldSessions, OVERFLOW_LABEL_VALUE, UNKNOWN_QUERYID } from './session-fold';

const wait = (waiting: string, holding: string, count: number, seconds: number) => ({
  waiting_queryid: waiting,
  holding_queryid: holding,
  holding_state: 'idle in transaction',
  count,
  max_wait_seconds: seconds,
});

describe('foldSessions', () => {
  it('keeps the top N groups and sums the rest into __overflow__, keeping the longest wait', () => {
    const folded = foldSessions(
      {
        lockWaits: [wait('1', '2', 3, 9), wait('3', '4', 2, 5), wait('5', '6', 4, 1)],
        idleInTransaction: [
          { queryid: '2', count: 1, max_idle_seconds: 8 },
          { queryid: '', count: 2, max_idle_seconds: 3 },
        ],
      },
      1,
    );
    expect(folded.lockWaits).toEqual([
      wait('1', '2', 3, 9),
      {
        waiting_queryid: OVERFLOW_LABEL_VALUE,
        holding_queryid: OVERFLOW_LABEL_VALUE,
        holding_state: OVERFLOW_LABEL_VALUE,
        count: 6,
        max_wait_seconds: 5,
      },
    ]);
    expect(folded.idleInTransaction).toEqual([
      { queryid: '2', count: 1, max_idle_seconds: 8 },
      { queryid: OVERFLOW_LABEL_VALUE, count: 2, max_idle_seconds: 3 },
    ]);
    expect(folded.folded).toEqual({ lockWaits: 2, idleInTransaction: 1 });
  });

  it('names a queryid PostgreSQL did not report "unknown" and folds nothing within the limit', () => {
    const folded = foldSessions({ lockWaits: [wait('', '7', 1, 2)], idleInTransaction: [] }, 10);
    expect(folded.lockWaits[0]!.waiting_queryid).toBe(UNKNOWN_QUERYID);
    expect(folded.folded).toEqual({ lockWaits: 0, idleInTransaction: 0 });
  });
});

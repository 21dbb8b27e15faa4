import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('reports a repeated id as a duplicate', () => {
    const ids = new RecentIds(10);
    expect([ids.firstSighting('a'), ids.firstSighting('b'), ids.firstSighting('a')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const ids = new RecentIds(2);
    ids.firstSighting('a');
    ids.firstSighting('b');
    ids.firstSighting('c');
    expect([ids.size, ids.firstSighting('a'), ids.firstSighting('c')]).toEqual([2, true, false]);
  });
});

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

  it('forgets in order of arrival across many turns of its ring', () => {
    const ids = new RecentIds(3);
    for (let i = 0; i < 1000; i++) ids.firstSighting(`id-${i}`);
    expect([
      ids.size,
      ids.firstSighting('id-999'),
      ids.firstSighting('id-997'),
      ids.firstSighting('id-996'),
    ]).toEqual([3, false, false, true]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RecentIds(0)).toThrow('dedupeCapacity must be a positive integer, got 0');
  });
});

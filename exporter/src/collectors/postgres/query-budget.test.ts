import { QueryBudget } from './query-budget';

describe('QueryBudget', () => {
  it('gives each query the configured timeouts while the budget lasts, then cuts them to what is left', () => {
    let now = 0;
    const budget = new QueryBudget(5000, { statementMs: 4000, lockMs: 2000 }, () => now);
    expect(budget.next()).toEqual({ statementMs: 4000, lockMs: 2000 });
    now = 2000; // a query waited its whole lock_timeout
    expect(budget.next()).toEqual({ statementMs: 3000, lockMs: 2000 });
    now = 3900;
    expect(budget.next()).toEqual({ statementMs: 1100, lockMs: 1100 });
  });

  it('skips queries once less than a useful slice is left', () => {
    let now = 0;
    const budget = new QueryBudget(1000, { statementMs: 4000, lockMs: 2000 }, () => now);
    now = 1000 - QueryBudget.MIN_QUERY_MS + 1;
    expect(budget.next()).toBeUndefined();
  });
});

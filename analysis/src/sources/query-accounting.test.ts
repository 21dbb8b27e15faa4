import type { PrometheusClient } from './prometheus-client';
import { QueryAccounting } from './query-accounting';
import { limitConcurrency, runQuerySet } from './query-batch';

/** A clock that advances by the given steps, one per reading. */
function steppingClock(readings: number[]): () => number {
  let index = 0;
  return () => readings[Math.min(index++, readings.length - 1)] as number;
}

const answering: PrometheusClient = { query: async (expr) => [{ labels: { expr }, value: 1 }] };

describe('QueryAccounting', () => {
  it('counts every query and sums their durations', async () => {
    const accounting = new QueryAccounting(answering, steppingClock([0, 0.5, 1, 1.25]));
    await accounting.query('a', 0);
    await accounting.query('b', 0);
    expect(accounting.stats()).toEqual({
      queryCount: 2,
      queryDurationSeconds: 0.75,
      slowestQuery: { expr: 'a', durationSeconds: 0.5 },
    });
  });

  it('counts a failed query too', async () => {
    const failing: PrometheusClient = { query: async () => Promise.reject(new Error('boom')) };
    const accounting = new QueryAccounting(failing, steppingClock([0, 2]));
    await expect(accounting.query('x', 0)).rejects.toThrow('boom');
    expect(accounting.stats()).toMatchObject({ queryCount: 1, queryDurationSeconds: 2 });
  });
});

describe('query batches', () => {
  it('returns each named vector of a set', async () => {
    const results = await runQuerySet(answering, { first: 'up', second: 'down' }, 0);
    expect(results.vectors).toEqual({
      first: [{ labels: { expr: 'up' }, value: 1 }],
      second: [{ labels: { expr: 'down' }, value: 1 }],
    });
  });

  it('never runs more queries at once than the limit', async () => {
    let running = 0;
    let highest = 0;
    const slow: PrometheusClient = {
      async query() {
        running += 1;
        highest = Math.max(highest, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return [];
      },
    };
    const limited = limitConcurrency(slow, 3);
    await Promise.all(Array.from({ length: 10 }, (_, i) => limited.query(String(i), 0)));
    expect(highest).toBe(3);
  });
});

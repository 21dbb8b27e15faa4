import type { PrometheusClient } from './prometheus-client';
import { recentWindowSeconds, runWindowedQuerySet } from './recent-window';

describe('the recent window of a range', () => {
  it.each([
    [15 * 60, 150],
    [60 * 60, 600],
    [5 * 60, 120],
    [4 * 60, 120],
  ])('a %i s range is judged on its last %i s too', (range, recent) => {
    expect(recentWindowSeconds(range)).toBe(recent);
  });

  it('has none when the range is under twice the 2-minute minimum', () => {
    expect(recentWindowSeconds(239)).toBeUndefined();
    expect(recentWindowSeconds(60)).toBeUndefined();
  });
});

describe('runWindowedQuerySet', () => {
  const issued: string[] = [];
  // Answers the combined query as Prometheus would: one series per window, told apart by the window label.
  const prometheus: PrometheusClient = {
    query: async (expr) => {
      issued.push(expr);
      if (!expr.startsWith('label_replace(')) return [{ labels: { datname: 'shop' }, value: 7 }];
      return [
        { labels: { datname: 'shop', perflens_window: 'full' }, value: 1 },
        { labels: { datname: 'shop', perflens_window: 'recent' }, value: 2 },
      ];
    },
  };

  beforeEach(() => issued.splice(0));

  it('reads both windows in one query per name and splits them again', async () => {
    const results = await runWindowedQuerySet(
      prometheus,
      { rate: 'rate(x[15m])', max: 'max(y)' },
      { rate: 'rate(x[150s])', max: 'max(y)' },
      0,
    );
    expect(issued).toEqual([
      'label_replace(rate(x[15m]), "perflens_window", "full", "", "") or label_replace(rate(x[150s]), "perflens_window", "recent", "", "")',
      'max(y)',
    ]);
    expect(results.full.vectors).toEqual({
      rate: [{ labels: { datname: 'shop' }, value: 1 }],
      max: [{ labels: { datname: 'shop' }, value: 7 }],
    });
    expect(results.recent?.vectors).toEqual({
      rate: [{ labels: { datname: 'shop' }, value: 2 }],
      max: [{ labels: { datname: 'shop' }, value: 7 }],
    });
    expect(results.recent?.queries.rate).toBe('rate(x[150s])');
  });

  it('issues the whole range’s queries unchanged without a recent window', async () => {
    const results = await runWindowedQuerySet(prometheus, { rate: 'rate(x[3m])' }, undefined, 0);
    expect(issued).toEqual(['rate(x[3m])']);
    expect(results.recent).toBeUndefined();
  });
});

import { Registry } from 'prom-client';
import { SERIES_DROPPED_METRIC } from '@perflens/conventions';
import { CardinalityGuard, OVERFLOW_LABEL_VALUE } from './cardinality-guard';

async function droppedCount(registry: Registry, metric: string): Promise<number> {
  const json = await registry.getSingleMetric(SERIES_DROPPED_METRIC)!.get();
  return json.values.find((v) => v.labels.metric === metric)?.value ?? 0;
}

describe('CardinalityGuard', () => {
  it('admits label sets up to the cap and folds the rest into one overflow series', async () => {
    const registry = new Registry();
    const guard = new CardinalityGuard({ registry, maxSeriesPerMetric: 3 });
    const admitted = ['a', 'b', 'c', 'd', 'e'].map((route) => guard.admit('m', { route, method: 'GET' }));
    expect(admitted).toEqual([
      { route: 'a', method: 'GET' },
      { route: 'b', method: 'GET' },
      { route: 'c', method: 'GET' },
      { route: OVERFLOW_LABEL_VALUE, method: OVERFLOW_LABEL_VALUE },
      { route: OVERFLOW_LABEL_VALUE, method: OVERFLOW_LABEL_VALUE },
    ]);
    expect(guard.seriesCount('m')).toBe(3);
    expect(await droppedCount(registry, 'm')).toBe(2);
  });

  it('keeps admitting a label set it has already seen after the cap is reached', async () => {
    const registry = new Registry();
    const guard = new CardinalityGuard({ registry, maxSeriesPerMetric: 1 });
    guard.admit('m', { route: 'a' });
    guard.admit('m', { route: 'b' });
    expect(guard.admit('m', { route: 'a' })).toEqual({ route: 'a' });
    expect(await droppedCount(registry, 'm')).toBe(1);
  });

  it('counts each metric against its own cap', async () => {
    const registry = new Registry();
    const guard = new CardinalityGuard({ registry, maxSeriesPerMetric: 1 });
    expect(guard.admit('first', { x: '1' })).toEqual({ x: '1' });
    expect(guard.admit('second', { x: '2' })).toEqual({ x: '2' });
    expect(await droppedCount(registry, 'first')).toBe(0);
  });

  it('does not confuse label sets whose concatenated values collide', () => {
    const registry = new Registry();
    const guard = new CardinalityGuard({ registry, maxSeriesPerMetric: 10 });
    guard.admit('m', { a: 'x', b: 'yz' });
    guard.admit('m', { a: 'xy', b: 'z' });
    expect(guard.seriesCount('m')).toBe(2);
  });

  it('shares one dropped-series counter between guards on the same registry', () => {
    const registry = new Registry();
    new CardinalityGuard({ registry, maxSeriesPerMetric: 1 });
    expect(() => new CardinalityGuard({ registry, maxSeriesPerMetric: 1 })).not.toThrow();
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects a cap of %p with a message naming the option', (cap) => {
    expect(() => new CardinalityGuard({ registry: new Registry(), maxSeriesPerMetric: cap })).toThrow(
      `maxSeriesPerMetric must be a positive integer, got ${String(cap)}`,
    );
  });
});

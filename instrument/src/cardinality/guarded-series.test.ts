import { SERIES_DROPPED_METRIC } from '@perflens/conventions';
import { Registry } from 'prom-client';
import { SeriesHistogram } from '../exposition/series-histogram';
import { CardinalityGuard, OVERFLOW_LABEL_VALUE } from './cardinality-guard';
import { GuardedSeries } from './guarded-series';

function setup() {
  const registry = new Registry();
  const guard = new CardinalityGuard({ registry, maxSeriesPerMetric: 2 });
  const histogram = new SeriesHistogram<'table'>({
    name: 'guarded_seconds',
    help: 'test',
    labelNames: ['table'],
    buckets: [1],
    registers: [registry],
  });
  const series = new GuardedSeries(histogram, 'guarded_seconds', guard);
  const observe = (table: string) =>
    histogram.observeSeries(series.find(table) ?? series.admit(table, { table }), 0.5);
  const counts = async () =>
    (await histogram.get()).values
      .filter((v) => (v as { metricName?: string }).metricName === 'guarded_seconds_count')
      .map((v) => [v.labels.table, v.value]);
  return { registry, histogram, series, observe, counts };
}

describe('GuardedSeries', () => {
  it('keeps admitted series and sends the rest to the overflow series, counting each', async () => {
    const { registry, series, observe, counts } = setup();
    for (const table of ['orders', 'users', 'orders', 'tmp_1', 'tmp_2']) observe(table);
    expect(await counts()).toEqual([
      ['orders', 2],
      ['users', 1],
      [OVERFLOW_LABEL_VALUE, 2],
    ]);
    expect(series.find('tmp_1')).toBeUndefined(); // never kept: it must pass the guard every time
    const dropped = (await registry.getSingleMetric(SERIES_DROPPED_METRIC)!.get()).values;
    expect(dropped.map((v) => v.value)).toEqual([2]);
  });

  it('forgets series dropped by registry.resetMetrics()', async () => {
    const { registry, series, observe, counts } = setup();
    observe('orders');
    registry.resetMetrics();
    expect(series.find('orders')).toBeUndefined();
    observe('orders');
    expect(await counts()).toEqual([['orders', 1]]);
  });
});

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  ExpositionRenderer,
  OPENMETRICS_TEXT,
  PROMETHEUS_TEXT,
  type ExpositionContentType,
} from './exposition-format';
import { SeriesHistogram } from './series-histogram';

const LABELS = ['method', 'route', 'status'] as const;
type Label = (typeof LABELS)[number];

/** Label values that need every escape prom-client applies, and values around, on and past the buckets. */
const OBSERVATIONS: Array<[Record<Label, string>, number]> = [
  [{ method: 'GET', route: '/users/:id', status: '200' }, 0.004],
  [{ method: 'GET', route: '/users/:id', status: '200' }, 0.1],
  [{ method: 'GET', route: '/users/:id', status: '200' }, 0.2],
  [{ method: 'POST', route: '/say/"hi"', status: '201' }, 0.025],
  [{ method: 'POST', route: 'C:\\path\\to', status: '500' }, 12],
  [{ method: 'PUT', route: 'two\nlines', status: '404' }, 1e-9],
  [{ method: 'GET', route: '/users/:id', status: '200' }, 0.30000000000000004],
  [{ method: 'DELETE', route: '/', status: '499' }, 2.5],
];

/** Two registries with the same metrics, one with prom-client's Histogram, one with SeriesHistogram. */
function registries(options: { defaultLabels?: Record<string, string> } = {}) {
  const build = (Kind: typeof Histogram | typeof SeriesHistogram) => {
    const registry = new Registry();
    if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
    new Counter({
      name: 'golden_requests_total',
      help: 'a counter\nwith "two" lines',
      registers: [registry],
    }).inc(3);
    const histogram = new Kind<Label>({
      name: 'golden_duration_seconds',
      help: 'Duration, with a back\\slash.',
      labelNames: LABELS,
      buckets: [0.005, 0.01, 0.025, 0.1, 0.25, 1, 2.5, 10],
      registers: [registry],
    });
    new Gauge({ name: 'golden_in_flight', help: 'a gauge', registers: [registry] }).set(2);
    const unlabelled = new Kind({
      name: 'golden_unlabelled_seconds',
      help: 'no labels',
      buckets: [1],
      registers: [registry],
    });
    return { registry, histogram, unlabelled };
  };
  return { reference: build(Histogram), series: build(SeriesHistogram) };
}

function observeAll(reference: Histogram<Label>, series: SeriesHistogram<Label>): void {
  OBSERVATIONS.forEach(([labels, value], i) => {
    reference.observe(labels, value);
    // Both paths of SeriesHistogram write the same storage: alternate them.
    if (i % 2 === 0) series.observeSeries(series.series({ ...labels }), value);
    else series.observe({ ...labels }, value);
  });
}

async function referenceText(registry: Registry, contentType: ExpositionContentType): Promise<string> {
  registry.setContentType(contentType as never);
  return registry.metrics();
}

describe('SeriesHistogram renders byte-identical to prom-client', () => {
  it.each([
    ['Prometheus text', PROMETHEUS_TEXT],
    ['OpenMetrics', OPENMETRICS_TEXT],
  ] as const)('in %s', async (_title, contentType) => {
    const { reference, series } = registries();
    observeAll(reference.histogram, series.histogram as SeriesHistogram<Label>);
    reference.unlabelled.observe(0.5);
    (series.unlabelled as SeriesHistogram).observeSeries(
      (series.unlabelled as SeriesHistogram).series({}),
      0.5,
    );

    // Before the reference render: in OpenMetrics mode prom-client strips `_total` from counter names for good.
    expect(await series.registry.getMetricsAsJSON()).toEqual(await reference.registry.getMetricsAsJSON());
    const expected = await referenceText(reference.registry, contentType);
    const rendered = (await new ExpositionRenderer(series.registry).render(contentType)).toString();
    expect(rendered).toBe(expected);
    expect(rendered).toContain('route="/say/\\"hi\\""');
    expect(rendered).toContain('route="two\\nlines"');
  });

  it('renders a histogram with no observations as its HELP and TYPE lines only', async () => {
    const { reference, series } = registries();
    expect((await new ExpositionRenderer(series.registry).render(PROMETHEUS_TEXT)).toString()).toBe(
      await referenceText(reference.registry, PROMETHEUS_TEXT),
    );
  });

  it('leaves registries with default labels to prom-client, with the same output', async () => {
    const { reference, series } = registries({ defaultLabels: { service: 'shop' } });
    observeAll(reference.histogram, series.histogram as SeriesHistogram<Label>);
    const rendered = (await new ExpositionRenderer(series.registry).render(PROMETHEUS_TEXT)).toString();
    expect(rendered).toBe(await referenceText(reference.registry, PROMETHEUS_TEXT));
    expect(rendered).toContain('service="shop"');
  });

  it('starts a new generation on reset, so callers look their series up again', async () => {
    const { reference, series } = registries();
    const histogram = series.histogram as SeriesHistogram<Label>;
    const labels = OBSERVATIONS[0]![0];
    const kept = histogram.series(labels);
    histogram.observeSeries(kept, 0.5);
    series.registry.resetMetrics();
    expect(histogram.isCurrent(kept)).toBe(false);
    const fresh = histogram.series(labels);
    expect(histogram.isCurrent(fresh)).toBe(true);
    histogram.observeSeries(fresh, 0.02);
    reference.registry.resetMetrics();
    reference.histogram.observe(labels, 0.02);
    expect((await new ExpositionRenderer(series.registry).render(PROMETHEUS_TEXT)).toString()).toBe(
      await referenceText(reference.registry, PROMETHEUS_TEXT),
    );
  });

  it('rejects label names it was not created with, and values that are not finite', () => {
    const { series } = registries();
    const histogram = series.histogram as SeriesHistogram<Label>;
    expect(() => histogram.series({ method: 'GET', path: '/x' } as never)).toThrow(
      'Added label "path" is not included in initial labelset',
    );
    expect(() => histogram.observeSeries(histogram.series(OBSERVATIONS[0]![0]), Number.NaN)).toThrow(
      'Value is not a valid number',
    );
  });
});

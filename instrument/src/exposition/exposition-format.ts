import { Registry, type Metric } from 'prom-client';
import { ExpositionBuffer } from './exposition-buffer';
import { isSelfRendering } from './series-histogram';

export const PROMETHEUS_TEXT = Registry.PROMETHEUS_CONTENT_TYPE;
export const OPENMETRICS_TEXT = Registry.OPENMETRICS_CONTENT_TYPE;

export type ExpositionContentType = typeof PROMETHEUS_TEXT | typeof OPENMETRICS_TEXT;

/**
 * Picks OpenMetrics when the scraper asks for it (Prometheus sends
 * `Accept: application/openmetrics-text;version=1.0.0,...;q=0.5` first), Prometheus text otherwise.
 */
export function negotiateContentType(accept: string | undefined): ExpositionContentType {
  if (accept === undefined) return PROMETHEUS_TEXT;
  let best: { type: ExpositionContentType; q: number } = { type: PROMETHEUS_TEXT, q: 0 };
  for (const part of accept.split(',')) {
    const [mediaType = '', ...params] = part.split(';').map((s) => s.trim());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (mediaType === 'application/openmetrics-text' && q > best.q) best = { type: OPENMETRICS_TEXT, q };
    if ((mediaType === 'text/plain' || mediaType === '*/*') && q > best.q)
      best = { type: PROMETHEUS_TEXT, q };
  }
  return best.type;
}

/**
 * Renders one registry in either format, as prom-client's Registry#metrics() would, byte for byte, except
 * that metrics which render themselves (SeriesHistogram: the per-request histograms, most of a scrape's
 * bytes) skip prom-client's per-scrape object building and label escaping.
 *
 * prom-client fixes the format per registry and, in OpenMetrics mode, permanently strips `_total` from
 * counter names (Registry#metrics → standardizeCounterName), which would break every later Prometheus-text
 * render. So an OpenMetrics render switches the registry's format, restores the names afterwards, and
 * renders are serialized so two scrapes never interleave.
 */
export class ExpositionRenderer {
  private queue: Promise<unknown> = Promise.resolve();
  /** The previous scrape's size: the next buffer starts that large (plus room to grow). */
  private lastBytes = 64 * 1024;

  constructor(private readonly registry: Registry) {}

  /** One scrape's body, as bytes ready for the socket. */
  render(contentType: ExpositionContentType): Promise<Buffer> {
    const next = this.queue.then(() => this.renderNow(contentType));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async renderNow(contentType: ExpositionContentType): Promise<Buffer> {
    const registry = this.registry as unknown as PromClientRegistry;
    const metrics = registry.getMetricsAsArray();
    const openMetrics = contentType === OPENMETRICS_TEXT;
    // Default labels change every line; only prom-client knows where they go.
    const selfRender = Object.keys(registry._defaultLabels ?? {}).length === 0;
    const names = metrics.map((m) => m.name);
    const original = this.registry.contentType;
    if (openMetrics) this.registry.setContentType(OPENMETRICS_TEXT as typeof original);
    try {
      const blocks = await Promise.all(
        metrics.map((metric) => {
          if (selfRender && isSelfRendering(metric)) return metric;
          if (openMetrics && metric.type === 'counter') metric.name = metric.name.replace(/_total$/, '');
          return registry.getMetricsAsString(metric);
        }),
      );
      const out = new ExpositionBuffer(Math.ceil(this.lastBytes * 1.1));
      blocks.forEach((block, i) => {
        if (i > 0) out.text(openMetrics ? '\n' : '\n\n');
        if (typeof block === 'string') out.text(block);
        else block.writeExposition(out);
      });
      out.text(openMetrics ? '\n# EOF\n' : '\n');
      this.lastBytes = out.byteLength;
      return out.toBuffer();
    } finally {
      metrics.forEach((m, i) => (m.name = names[i]!));
      if (openMetrics) this.registry.setContentType(original);
    }
  }
}

/** The parts of prom-client's Registry used here that its type declarations leave out. */
interface PromClientRegistry {
  _defaultLabels?: Record<string, string>;
  getMetricsAsArray(): Array<Metric & { name: string; type: string }>;
  getMetricsAsString(metric: Metric): Promise<string>;
}

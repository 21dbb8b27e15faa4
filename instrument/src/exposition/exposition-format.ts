import { Registry, type Metric } from 'prom-client';

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
 * Renders one registry in either format. prom-client fixes the format per registry and, in OpenMetrics
 * mode, permanently strips `_total` from counter names (Registry#metrics → standardizeCounterName), which
 * would break every later Prometheus-text render. So an OpenMetrics render switches the registry's
 * format, restores the names afterwards, and renders are serialized so two scrapes never interleave.
 */
export class ExpositionRenderer {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly registry: Registry) {}

  render(contentType: ExpositionContentType): Promise<string> {
    const next = this.queue.then(() => this.renderNow(contentType));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async renderNow(contentType: ExpositionContentType): Promise<string> {
    if (contentType === PROMETHEUS_TEXT) return this.registry.metrics();
    const metrics = this.registry.getMetricsAsArray() as unknown as Array<Metric & { name: string }>;
    const names = metrics.map((m) => m.name);
    const original = this.registry.contentType;
    this.registry.setContentType(OPENMETRICS_TEXT as typeof original);
    try {
      return await this.registry.metrics();
    } finally {
      metrics.forEach((m, i) => (m.name = names[i]!));
      this.registry.setContentType(original);
    }
  }
}

import { HttpError } from '@perflens/supervisor';
import { PrometheusApi } from '../prometheus/prometheus-api';

/**
 * VictoriaMetrics's HTTP API: Prometheus's query API (inherited) plus the import and storage endpoints a
 * test needs to fill the store and measure it.
 */
export class VictoriaMetricsApi extends PrometheusApi {
  /**
   * Imports Prometheus exposition text with millisecond timestamps (`name{labels} value ts`) through
   * /api/v1/import/prometheus, then flushes so the samples are searchable at once (/internal/force_flush).
   * OpenMetrics text with second timestamps must be converted first: see {@link openMetricsToImportText}.
   */
  async importPrometheusText(text: string): Promise<void> {
    await this.postVictoria('/api/v1/import/prometheus', text);
    await this.flush();
  }

  /**
   * Makes every sample received so far searchable now (/internal/force_flush); otherwise the store does so
   * within about a second, e.g. after a remote write from vmalert's replay.
   */
  async flush(): Promise<void> {
    await this.postVictoria('/internal/force_flush');
  }

  /** The label sets of every series matching `match` between `start` and `end` (/api/v1/series). */
  async series(match: string, start?: Date, end?: Date): Promise<Record<string, string>[]> {
    const params = new URLSearchParams({ 'match[]': match });
    if (start) params.set('start', String(start.getTime() / 1000));
    if (end) params.set('end', String(end.getTime() / 1000));
    const body = (await this.getVictoria(`/api/v1/series?${params}`)) as { data: Record<string, string>[] };
    return body.data;
  }

  private async getVictoria(pathAndQuery: string): Promise<unknown> {
    const url = `${this.url}${pathAndQuery}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    if (!response.ok) throw new HttpError('GET', url, response.status, text);
    return JSON.parse(text);
  }

  private async postVictoria(path: string, body?: string): Promise<void> {
    const url = `${this.url}${path}`;
    const response = await fetch(url, { method: 'POST', body, signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    if (!response.ok) throw new HttpError('POST', url, response.status, text);
  }
}

/**
 * Turns OpenMetrics sample lines (timestamps in seconds, as promtool's backfill reads them) into the
 * Prometheus text VictoriaMetrics imports (timestamps in milliseconds); comments and `# EOF` are dropped,
 * so the same fixture fills both stores.
 */
export function openMetricsToImportText(openMetrics: string): string {
  const lines: string[] = [];
  for (const line of openMetrics.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const lastSpace = line.lastIndexOf(' ');
    const seconds = Number(line.slice(lastSpace + 1));
    if (!Number.isFinite(seconds)) throw new Error(`OpenMetrics sample without a timestamp: ${line}`);
    lines.push(`${line.slice(0, lastSpace)} ${Math.round(seconds * 1000)}`);
  }
  return `${lines.join('\n')}\n`;
}

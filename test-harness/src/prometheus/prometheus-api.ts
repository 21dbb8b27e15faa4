import { requestJson } from '@perflens/supervisor';

/** One series of an instant vector: its labels and [unix seconds, value as text] (Prometheus HTTP API). */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A scrape target as /api/v1/targets reports it. */
export interface PromTarget {
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
  lastScrape: string;
}

/** A recording or alerting rule as /api/v1/rules reports it. */
export interface PromRule {
  name: string;
  query: string;
  type: 'alerting' | 'recording';
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Alerting rules only: "for" duration in seconds. */
  duration?: number;
  state?: 'inactive' | 'pending' | 'firing';
}

/** A rule group as /api/v1/rules reports it. */
export interface PromRuleGroup {
  name: string;
  file: string;
  interval: number;
  rules: PromRule[];
}

/** An active alert as /api/v1/alerts reports it. */
export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

/** Options for {@link PrometheusApi.waitFor}. */
export interface WaitForOptions {
  /** Default 30 s: a 1 s scrape interval plus rule evaluation fits several times over. */
  timeoutMs?: number;
  intervalMs?: number;
}

interface ApiEnvelope<T> {
  status: 'success' | 'error';
  data: T;
  errorType?: string;
  error?: string;
}

/** Typed calls to the parts of the Prometheus HTTP API (v1) that tests read. */
export class PrometheusApi {
  constructor(readonly url: string) {}

  /** Evaluates an instant query and returns the vector; rejects scalar or string results with a hint. */
  async query(expr: string, time?: Date): Promise<PromSample[]> {
    const params = new URLSearchParams({ query: expr });
    if (time) params.set('time', String(time.getTime() / 1000));
    const data = await this.get<{ resultType: string; result: unknown }>(`/api/v1/query?${params}`);
    if (data.resultType !== 'vector') {
      throw new Error(`query ${expr} returned a ${data.resultType}, not a vector; wrap it in vector(...)`);
    }
    return data.result as PromSample[];
  }

  /**
   * Polls `expr` until `predicate` holds for the result, and returns that result. On timeout the error
   * includes the last result (or the last query error), which is what a failing test needs to show.
   */
  async waitFor(
    expr: string,
    predicate: (result: PromSample[]) => boolean,
    { timeoutMs = 30_000, intervalMs = 250 }: WaitForOptions = {},
  ): Promise<PromSample[]> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no query finished yet';
    for (;;) {
      try {
        const result = await this.query(expr);
        if (predicate(result)) return result;
        last = `last result: ${JSON.stringify(result)}`;
      } catch (error) {
        last = `last error: ${String(error)}`;
      }
      if (Date.now() >= deadline) {
        throw new Error(`${expr} did not satisfy the condition within ${timeoutMs} ms; ${last}`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** Active and dropped scrape targets. */
  targets(): Promise<{
    activeTargets: PromTarget[];
    droppedTargets: Array<{ discoveredLabels: Record<string, string> }>;
  }> {
    return this.get('/api/v1/targets');
  }

  /** Loaded rule groups with their rules' health and state. */
  async rules(): Promise<PromRuleGroup[]> {
    return (await this.get<{ groups: PromRuleGroup[] }>('/api/v1/rules')).groups;
  }

  /** Pending and firing alerts. */
  async alerts(): Promise<PromAlert[]> {
    return (await this.get<{ alerts: PromAlert[] }>('/api/v1/alerts')).alerts;
  }

  private async get<T>(pathAndQuery: string): Promise<T> {
    const envelope = await requestJson<ApiEnvelope<T>>('GET', `${this.url}${pathAndQuery}`);
    if (envelope.status !== 'success') {
      throw new Error(`GET ${pathAndQuery} failed: ${envelope.errorType}: ${envelope.error}`);
    }
    return envelope.data;
  }
}

import { HTTP_REQUEST_DURATION, promDuration, selector } from '@perflens/conventions';
import type { AnalysisScope } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { findLoadTestWindow } from './load-test-window';
import { indexBy, optional, runQuerySet, singleValue } from './query-batch';

/** One k6 request name (the `name` tag, which defaults to the URL) of a test run. */
export interface LoadTestRequestStats {
  name: string;
  method: string;
  /** k6's p95 since the run started (k6 trend stats are cumulative per run), in seconds. */
  p95Seconds?: number;
  baselineP95Seconds?: number;
  failedRatio?: number;
  requests?: number;
}

export type LoadTestQueryName = 'p95' | 'baselineP95' | 'failed' | 'requests' | 'sustainedRate' | 'peakRate';

/** A k6 run (by testid) and, when it ran, how much load the service took within its latency threshold. */
export interface LoadTestEvidence {
  testid: string;
  baselineTestid?: string;
  /**
   * The run's first and last sample (unix seconds, exact: load-test-window.ts); absent when the run has no
   * samples within the `searchedSeconds` before the analysis' end.
   */
  startSeconds?: number;
  endSeconds?: number;
  /** How far back the run was searched for. */
  searchedSeconds: number;
  requests: LoadTestRequestStats[];
  /** Highest request rate (per 1 m) at which the service's p95 stayed within `capacityThresholdSeconds`. */
  sustainedRequestsPerSecond?: number;
  peakRequestsPerSecond?: number;
  capacityThresholdSeconds: number;
  queries: Readonly<Partial<Record<LoadTestQueryName | 'window' | 'windowEdges', string>>>;
}

export const DEFAULT_LOAD_TEST_LOOKBACK_SECONDS = 30 * 86_400;

/**
 * Reads a k6 run streamed with the Prometheus remote-write output (trend-stats mode: k6_http_req_duration_p95
 * and friends, values in seconds; shared/reference/k6.md). First finds the run's time window, then reads
 * the per-request stats and the service-side capacity inside it.
 */
export async function readLoadTestEvidence(
  client: PrometheusClient,
  scope: AnalysisScope & { testid: string },
  capacityThresholdSeconds: number,
): Promise<LoadTestEvidence> {
  const lookbackSeconds = scope.loadTestLookbackSeconds ?? DEFAULT_LOAD_TEST_LOOKBACK_SECONDS;
  const lookback = promDuration(lookbackSeconds);
  const test = { testid: scope.testid };
  const found = await findLoadTestWindow(client, scope.testid, scope.endSeconds, lookbackSeconds);
  const base = {
    testid: scope.testid,
    ...(scope.baselineTestid ? { baselineTestid: scope.baselineTestid } : {}),
    requests: [],
    capacityThresholdSeconds,
    queries: { window: found.queries.minutes, windowEdges: found.queries.edges },
    searchedSeconds: lookbackSeconds,
  };
  if (!found.window) return base;
  const { startSeconds, endSeconds } = found.window;

  const runRange = promDuration(Math.max(60, endSeconds - startSeconds + 60));
  const last = (metric: string, testid: string) =>
    `max by (name, method) (last_over_time(${selector(metric, { testid })}[${runRange}]))`;
  const serviceP95 = `histogram_quantile(0.95, sum by (le) (rate(${selector(
    `${HTTP_REQUEST_DURATION}_bucket`,
    {
      job: scope.job,
    },
  )}[1m])))`;
  const k6Rate = `sum(rate(${selector('k6_http_reqs_total', test)}[1m]))`;
  const queries: Record<string, string> = {
    p95: last('k6_http_req_duration_p95', scope.testid),
    failed: last('k6_http_req_failed_rate', scope.testid),
    requests: `sum by (name, method) (max_over_time(${selector('k6_http_reqs_total', test)}[${runRange}]))`,
    sustainedRate: `max_over_time((${k6Rate} and on() (${serviceP95} <= ${capacityThresholdSeconds}))[${runRange}:15s])`,
    peakRate: `max_over_time(${k6Rate}[${runRange}:15s])`,
  };
  const { vectors } = await runQuerySet(client, queries, endSeconds);
  let baseline: Map<string, number> = new Map();
  if (scope.baselineTestid) {
    // The baseline ran at another time: its final stats are the last samples within the lookback.
    queries.baselineP95 = `max by (name, method) (last_over_time(${selector('k6_http_req_duration_p95', {
      testid: scope.baselineTestid,
    })}[${lookback}]))`;
    baseline = indexBy(await client.query(queries.baselineP95, scope.endSeconds), ['name', 'method']);
  }
  const p95 = indexBy(vectors.p95 ?? [], ['name', 'method']);
  const failed = indexBy(vectors.failed ?? [], ['name', 'method']);
  const counts = indexBy(vectors.requests ?? [], ['name', 'method']);
  const keys = new Set([...p95.keys(), ...failed.keys(), ...counts.keys()]);
  const requests = [...keys].sort().map((key) => {
    const [name = '', method = ''] = key.split('\u0000');
    return {
      name,
      method,
      ...optional('p95Seconds', p95.get(key)),
      ...optional('baselineP95Seconds', baseline.get(key)),
      ...optional('failedRatio', failed.get(key)),
      ...optional('requests', counts.get(key)),
    };
  });
  return {
    ...base,
    startSeconds,
    endSeconds,
    requests,
    ...optional('sustainedRequestsPerSecond', singleValue(vectors.sustainedRate ?? [])),
    ...optional('peakRequestsPerSecond', singleValue(vectors.peakRate ?? [])),
    queries: { ...base.queries, ...queries },
  };
}

import { promDuration, selector } from '@perflens/conventions';
import type { AnalysisScope } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { loadTestRateQueries, loadTestRates } from './load-test-rates';
import { findLoadTestWindow } from './load-test-window';
import {
  type LoadTestPageVitals,
  pageVitalsFrom,
  type WebVitalQueryName,
  webVitalQueries,
} from './load-test-web-vitals';
import { indexBy, optional, runQuerySet, singleValue } from './query-batch';

/** One k6 request name (the `name` tag, which defaults to the URL) of a test run. */
export interface LoadTestRequestStats {
  name: string;
  method: string;
  /** k6's p95 since the run started (k6 trend stats are cumulative per run), in seconds. */
  p95Seconds?: number;
  /** k6's cumulative percentiles by trend stat (`p95`, `p99`, `p995`: k6TrendStat), in seconds. */
  percentileSeconds: Readonly<Record<string, number>>;
  baselineP95Seconds?: number;
  failedRatio?: number;
  requests?: number;
}

/** `p${number}`: one query per trend stat read (p95, p99, …). */
export type LoadTestQueryName =
  | `p${number}`
  | 'baselineP95'
  | 'failed'
  | 'requests'
  | 'averageRate'
  | 'sustainedRate'
  | 'peakRate'
  | WebVitalQueryName;

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
  /** Pages a browser run (the frontend test) loaded, with their web vitals (load-test-web-vitals.ts). */
  pages: LoadTestPageVitals[];
  /** The k6 run's range selector (`[<range>]`) the evidence queries use: the run and a minute before. */
  runRange?: string;
  /** The trend stats read for every request (p95 always; the SLO's quantiles; load-test-rates.ts for rates). */
  percentileStats: readonly string[];
  /** Requests between the run's first and last sample over the seconds between them. */
  averageRequestsPerSecond?: number;
  /** Highest request rate (peak range: load-test-rates.ts) at which the service's p95 stayed within the threshold. */
  sustainedRequestsPerSecond?: number;
  peakRequestsPerSecond?: number;
  capacityThresholdSeconds: number;
  queries: Readonly<Partial<Record<LoadTestQueryName | 'window' | 'windowEdges', string>>>;
}

export const DEFAULT_LOAD_TEST_LOOKBACK_SECONDS = 30 * 86_400;

/**
 * The remote-write name suffix of a quantile: k6 names `p(99.5)` `p995` (shared/reference/k6.md), and the
 * k6 scripts' thresholds use `p(<objective percent>)` of a latency SLO (k6-scripts/build).
 */
export function k6TrendStat(quantile: number): `p${number}` {
  const percent = Number((quantile * 100).toPrecision(12));
  return `p${Number(String(percent).replace('.', ''))}`;
}

/**
 * Reads a k6 run streamed with the Prometheus remote-write output (trend-stats mode: k6_http_req_duration_p95
 * and friends, values in seconds; shared/reference/k6.md). First finds the run's time window, then reads
 * the per-request stats and the service-side capacity inside it.
 */
export async function readLoadTestEvidence(
  client: PrometheusClient,
  scope: AnalysisScope & { testid: string },
  capacityThresholdSeconds: number,
  /** Quantiles to read besides p95: the latency SLOs' objectives, which the k6 thresholds judge. */
  latencyQuantiles: readonly number[] = [],
): Promise<LoadTestEvidence> {
  const lookbackSeconds = scope.loadTestLookbackSeconds ?? DEFAULT_LOAD_TEST_LOOKBACK_SECONDS;
  const lookback = promDuration(lookbackSeconds);
  const test = { testid: scope.testid };
  const found = await findLoadTestWindow(client, scope.testid, scope.endSeconds, lookbackSeconds);
  const base = {
    testid: scope.testid,
    ...(scope.baselineTestid ? { baselineTestid: scope.baselineTestid } : {}),
    requests: [],
    pages: [],
    percentileStats: [],
    capacityThresholdSeconds,
    queries: { window: found.queries.minutes, windowEdges: found.queries.edges },
    searchedSeconds: lookbackSeconds,
  };
  if (!found.window) return base;
  const { startSeconds, endSeconds } = found.window;

  const runRange = promDuration(Math.max(60, endSeconds - startSeconds + 60));
  const last = (metric: string, testid: string) =>
    `max by (name, method) (last_over_time(${selector(metric, { testid })}[${runRange}]))`;
  const stats = [...new Set(['p95' as const, ...latencyQuantiles.map(k6TrendStat)])];
  const queries: Record<string, string> = {
    ...Object.fromEntries(stats.map((stat) => [stat, last(`k6_http_req_duration_${stat}`, scope.testid)])),
    failed: last('k6_http_req_failed_rate', scope.testid),
    requests: `sum by (name, method) (max_over_time(${selector('k6_http_reqs_total', test)}[${runRange}]))`,
    ...loadTestRateQueries(scope.testid, scope.job, found.window, capacityThresholdSeconds),
    ...webVitalQueries(scope.testid, runRange),
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
  const percentiles = stats.map((stat) => [stat, indexBy(vectors[stat] ?? [], ['name', 'method'])] as const);
  const p95 = percentiles[0]?.[1] ?? new Map<string, number>();
  const failed = indexBy(vectors.failed ?? [], ['name', 'method']);
  const counts = indexBy(vectors.requests ?? [], ['name', 'method']);
  const keys = new Set([
    ...percentiles.flatMap(([, v]) => [...v.keys()]),
    ...failed.keys(),
    ...counts.keys(),
  ]);
  const requests = [...keys].sort().map((key) => {
    const [name = '', method = ''] = key.split('\u0000');
    return {
      name,
      method,
      ...optional('p95Seconds', p95.get(key)),
      percentileSeconds: Object.fromEntries(
        percentiles.flatMap(([stat, values]) => {
          const value = values.get(key);
          return value === undefined ? [] : [[stat, value]];
        }),
      ),
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
    pages: pageVitalsFrom(vectors),
    runRange,
    percentileStats: stats,
    ...loadTestRates({
      ...optional('averageRate', singleValue(vectors.averageRate ?? [])),
      ...optional('peakRate', singleValue(vectors.peakRate ?? [])),
      ...optional('sustainedRate', singleValue(vectors.sustainedRate ?? [])),
    }),
    queries: { ...base.queries, ...queries },
  };
}

import { promDuration } from '@perflens/conventions';
import { buildFindings } from './build-findings';
import { type AnalysisEvidence, CHECK_CATALOGUE, runChecks } from './checks/check-catalogue';
import type { Layer } from './findings/finding';
import type { IndexAdvice } from './recommend/index-advice';
import type { AnalysisReport } from './report/analysis-report';
import type { LinkBase } from './report/finding-links';
import { type AnalysisScope, resolveScope, type ScopeTargetsConfig } from './sources/analysis-scope';
import { readApiEvidence } from './sources/api-evidence';
import { readDbClientEvidence } from './sources/db-client-evidence';
import { readFleetEvidence } from './sources/fleet-evidence';
import { readFrontendEvidence } from './sources/frontend-evidence';
import { readHostEvidence } from './sources/host-evidence';
import { type LoadTestEvidence, readLoadTestEvidence } from './sources/load-test-evidence';
import { readPostgresEvidence } from './sources/postgres-evidence';
import { PrometheusQueryError, type PrometheusClient } from './sources/prometheus-client';
import { type Clock, QueryAccounting } from './sources/query-accounting';
import { limitConcurrency } from './sources/query-batch';
import { recentScope } from './sources/recent-window';
import { readRelationsEvidence } from './sources/relations-evidence';
import { readRuntimeEvidence } from './sources/runtime-evidence';
import {
  latencyObjectiveFor,
  latencyThresholdsInUse,
  type ResolvedThresholds,
} from './thresholds/resolve-thresholds';

/** Inputs of {@link analyze}. */
export interface AnalyzeOptions {
  client: PrometheusClient;
  scope: AnalysisScope;
  thresholds: ResolvedThresholds;
  /** When a testid is given and this is true, the other layers are analysed over the run's own time range. */
  rangeFromTest?: boolean;
  /** Where runbook and dashboard links point; DEFAULT_LINK_BASE otherwise. */
  links?: LinkBase;
  /** Missing-index advice (perflens advisor) that names the columns of sequential-scan recommendations. */
  indexAdvice?: readonly IndexAdvice[];
  clock?: Clock;
  /** Databases and hosts configured for the job; unset ones are mapped from its labels (analysis-scope.ts). */
  scopeTargets?: ScopeTargetsConfig;
  maxConcurrentQueries?: number;
}

const performanceClock: Clock = () => performance.now() / 1000;

/** Why a --testid run was not judged: none of its samples lie within the lookback. */
function runNotFound(loadTest: LoadTestEvidence, endSeconds: number): string {
  const end = new Date(endSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return `no samples for testid ${loadTest.testid} in the ${promDuration(loadTest.searchedSeconds)} before ${end}; was it remote-written to this Prometheus?`;
}

/**
 * One full analysis: read every layer's evidence with a fixed number of batched queries, run every check,
 * then link causes across layers, score, render recommendations and rank by impact (buildFindings). Unreachable Prometheus fails the analysis; a query Prometheus
 * rejects only skips its layer (and the report says so).
 */
export async function analyze(options: AnalyzeOptions): Promise<AnalysisReport> {
  const clock = options.clock ?? performanceClock;
  const started = clock();
  const accounting = new QueryAccounting(options.client, clock);
  const client = limitConcurrency(accounting, options.maxConcurrentQueries);
  const skippedLayers: AnalysisReport['skippedLayers'] = [];
  let scope = options.scope;

  const read = async <T>(layer: Layer, reader: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await reader();
    } catch (error) {
      if (!(error instanceof PrometheusQueryError)) throw error;
      skippedLayers.push({ layer, reason: error.message });
      return undefined;
    }
  };

  let loadTest: AnalysisEvidence['loadTest'];
  if (scope.testid) {
    const testScope = { ...scope, testid: scope.testid };
    const capacityThreshold = latencyObjectiveFor(options.thresholds, '').thresholdSeconds;
    // The quantiles the k6 thresholds judge (the latency SLOs' objectives), and p99, which k6 always exports.
    const quantiles = [
      0.99,
      ...options.thresholds.objectives.flatMap((o) => (o.kind === 'latency' ? [o.objectiveRatio] : [])),
    ];
    loadTest = await read('load-test', () =>
      readLoadTestEvidence(client, testScope, capacityThreshold, quantiles),
    );
    if (loadTest && loadTest.startSeconds === undefined) {
      // Judging nothing is not a pass: the report says the run is missing (and the CLI exits 2 on it).
      skippedLayers.push({ layer: 'load-test', reason: runNotFound(loadTest, scope.endSeconds) });
      loadTest = undefined;
    }
    if (options.rangeFromTest && loadTest?.startSeconds !== undefined && loadTest.endSeconds !== undefined) {
      scope = {
        ...scope,
        endSeconds: loadTest.endSeconds,
        // The run's own window, not padded: padding would read the minute before the run (a previous run in
        // the same CI job, say) as the run's. Rates need two scrapes inside it: at a 15 s scrape interval,
        // runs of 30 s or more (docs/analysis.md).
        rangeSeconds: Math.max(1, loadTest.endSeconds - loadTest.startSeconds),
      };
    }
  }
  // The job's databases and hosts: the postgres and host layers read only those, and the report says which.
  const resolved = await resolveScope(client, scope, options.scopeTargets);
  scope = resolved.scope;
  // The checks averaging dilutes judge the range's most recent part too, read in the same queries.
  const recent = recentScope(scope);
  const [api, runtime, dbClient, postgres, host, frontend, fleet, relations] = await Promise.all([
    read('api', () => readApiEvidence(client, scope, latencyThresholdsInUse(options.thresholds), recent)),
    read('runtime', () =>
      readRuntimeEvidence(client, scope, options.thresholds.values.runtime.eventLoopLagP99Seconds, {
        warmupSeconds: options.thresholds.values.runtime.memoryWarmupSeconds,
        minRangeSeconds: options.thresholds.values.runtime.heapGrowthMinRangeSeconds,
      }),
    ),
    read('db-client', () => readDbClientEvidence(client, scope)),
    read('postgres', () => readPostgresEvidence(client, scope, recent)),
    read('host', () => readHostEvidence(client, scope)),
    read('frontend', () => readFrontendEvidence(client, scope)),
    // Every instance side by side (checks/fleet/); its checks belong to the runtime and api layers.
    read('runtime', () => readFleetEvidence(client, scope)),
    // What routes, pools and statements share, for attribution; empty when not measured (never skips a layer).
    readRelationsEvidence(client, scope),
  ]);
  const evidence: AnalysisEvidence = {
    rangeSeconds: scope.rangeSeconds,
    ...(recent && (api?.recent || postgres?.recent)
      ? {
          recent: {
            rangeSeconds: recent.rangeSeconds,
            ...(api?.recent ? { api: api.recent } : {}),
            ...(postgres?.recent ? { postgres: postgres.recent } : {}),
          },
        }
      : {}),
    ...(api ? { api: api.full } : {}),
    ...(runtime ? { runtime } : {}),
    ...(fleet ? { fleet } : {}),
    ...(dbClient ? { dbClient } : {}),
    ...(postgres ? { postgres: postgres.full } : {}),
    ...(host ? { host } : {}),
    ...(frontend ? { frontend } : {}),
    ...(loadTest ? { loadTest } : {}),
    relations,
  };
  const findings = buildFindings(runChecks(evidence, options.thresholds), evidence, {
    indexAdvice: options.indexAdvice,
    links: options.links,
  });
  const skipped = new Set(skippedLayers.map((s) => s.layer));
  return {
    scope,
    resolvedScope: resolved.report,
    findings,
    checks: CHECK_CATALOGUE.filter(
      (c) => !skipped.has(c.layer) && (c.layer !== 'load-test' || scope.testid),
    ).map((c) => c.id),
    skippedLayers,
    stats: { ...accounting.stats(), wallSeconds: clock() - started },
  };
}

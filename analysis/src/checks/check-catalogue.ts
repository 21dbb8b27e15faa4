import type { CheckMetadata } from '../findings/check-definition';
import type { CheckedFinding } from '../findings/finding';
import type { ApiEvidence } from '../sources/api-evidence';
import type { DbClientEvidence } from '../sources/db-client-evidence';
import type { FleetEvidence } from '../sources/fleet-evidence';
import type { FrontendEvidence } from '../sources/frontend-evidence';
import type { HostEvidence } from '../sources/host-evidence';
import type { LoadTestEvidence } from '../sources/load-test-evidence';
import type { PostgresEvidence } from '../sources/postgres-evidence';
import type { RelationsEvidence } from '../sources/relations-evidence';
import { describeRecentWindow } from '../sources/recent-window';
import type { RuntimeEvidence } from '../sources/runtime-evidence';
import type { ResolvedThresholds } from '../thresholds/resolve-thresholds';
import { cacheableHotRouteCheck, findCacheableHotRoutes } from './api/cacheable-hot-route';
import { databaseBoundRouteCheck, findDatabaseBoundRoutes } from './api/database-bound-route';
import { errorHotspotCheck, findErrorHotspots } from './api/error-hotspot';
import { findNPlusOneQueries, nPlusOneQueriesCheck } from './api/n-plus-one-queries';
import { findOversizedResponses, oversizedResponsesCheck } from './api/oversized-responses';
import { findRoutesSlowerThanSlo, routeSlowerThanSloCheck } from './api/route-slower-than-slo';
import { findPoolSaturation, poolSaturationCheck } from './db-client/pool-saturation';
import { findPoorWebVitals, poorWebVitalsCheck } from './frontend/poor-web-vitals';
import { findSlowTtfb, slowTtfbCheck } from './frontend/slow-ttfb';
import {
  findPageJavascriptOverBudget,
  findRenderBlockingAssets,
  findUncompressedAssets,
} from './frontend/served-assets';
import {
  pageJavascriptOverBudgetCheck,
  renderBlockingAssetsCheck,
  uncompressedAssetsCheck,
} from './frontend/served-asset-metadata';
import {
  cpuPressureCheck,
  diskPressureCheck,
  findHostPressure,
  memoryPressureCheck,
} from './host/host-pressure';
import { baselineRegressionCheck, findBaselineRegressions } from './load-test/baseline-regression';
import { browserWebVitalsCheck, findBrowserWebVitals } from './load-test/browser-web-vitals';
import { capacityCheck, findCapacity } from './load-test/capacity';
import { findThresholdBreaches, thresholdBreachesCheck } from './load-test/threshold-breaches';
import { connectionsNearLimitCheck, findConnectionsNearLimit } from './postgres/connections-near-limit';
import { findIdleInTransaction, idleInTransactionCheck } from './postgres/idle-in-transaction';
import { findLockWaits, lockWaitsCheck } from './postgres/lock-waits';
import { findLongTransactions, longTransactionsCheck } from './postgres/long-transactions';
import { findLowCacheHitRatio, lowCacheHitRatioCheck } from './postgres/low-cache-hit-ratio';
import { findSequentialScans, sequentialScansCheck } from './postgres/sequential-scans';
import { findSlowStatements, slowStatementsCheck } from './postgres/slow-statements';
import { findTopTimeStatements, topTimeStatementsCheck } from './postgres/top-time-statements';
import { eventLoopSaturationCheck, findEventLoopSaturation } from './runtime/event-loop-saturation';
import { findGcPressure, gcPressureCheck } from './runtime/gc-pressure';
import { findMemoryGrowth, memoryGrowthCheck } from './runtime/memory-growth';
import { findOutlierInstances, outlierInstanceCheck } from './fleet/outlier-instance';
import { findUnevenLoad, unevenLoadCheck } from './fleet/uneven-load';
import { RECENT_WINDOW_CHECKS, takeWorseJudgement } from './judge-recent-window';

/** The layers read again over the most recent part of the range (sources/recent-window.ts). */
export interface RecentEvidence {
  rangeSeconds: number;
  api?: ApiEvidence;
  postgres?: PostgresEvidence;
}

/** Everything the sources read for one analysis; a layer is absent when it was not analysed. */
export interface AnalysisEvidence {
  rangeSeconds: number;
  /** The recent window's evidence, for the checks averaging dilutes; absent on ranges too short for one. */
  recent?: RecentEvidence;
  api?: ApiEvidence;
  runtime?: RuntimeEvidence;
  /** Every instance of the job side by side (the fleet checks). */
  fleet?: FleetEvidence;
  dbClient?: DbClientEvidence;
  postgres?: PostgresEvidence;
  host?: HostEvidence;
  frontend?: FrontendEvidence;
  loadTest?: LoadTestEvidence;
  /** Which statements, pools and locks each route shares with the others (rank/attribute-causes.ts). */
  relations?: RelationsEvidence;
}

/** A group of checks that run on one layer's evidence (host checks share one pass over the hosts). */
export interface CheckRunner {
  checks: readonly CheckMetadata[];
  run(evidence: AnalysisEvidence, thresholds: ResolvedThresholds): CheckedFinding[];
}

const on =
  <E>(
    pick: (e: AnalysisEvidence) => E | undefined,
    find: (evidence: E, t: ResolvedThresholds, rangeSeconds: number) => CheckedFinding[],
  ) =>
  (e: AnalysisEvidence, t: ResolvedThresholds): CheckedFinding[] => {
    const evidence = pick(e);
    return evidence ? find(evidence, t, e.rangeSeconds) : [];
  };

/** Every check, grouped by layer from the browser down. */
export const CHECK_RUNNERS: readonly CheckRunner[] = [
  { checks: [poorWebVitalsCheck], run: on((e) => e.frontend, findPoorWebVitals) },
  { checks: [slowTtfbCheck], run: on((e) => e.frontend, findSlowTtfb) },
  // What `perflens bundle --publish` reported of each page's served assets (docs/bundle.md).
  { checks: [pageJavascriptOverBudgetCheck], run: on((e) => e.frontend, findPageJavascriptOverBudget) },
  { checks: [uncompressedAssetsCheck], run: on((e) => e.frontend, findUncompressedAssets) },
  { checks: [renderBlockingAssetsCheck], run: on((e) => e.frontend, findRenderBlockingAssets) },
  { checks: [routeSlowerThanSloCheck], run: on((e) => e.api, findRoutesSlowerThanSlo) },
  { checks: [errorHotspotCheck], run: on((e) => e.api, findErrorHotspots) },
  { checks: [databaseBoundRouteCheck], run: on((e) => e.api, findDatabaseBoundRoutes) },
  {
    checks: [nPlusOneQueriesCheck],
    // The relations name the route's own repeated statement (perflens_route_statement_calls_total).
    run: (e, t) => (e.api ? findNPlusOneQueries(e.api, t, e.relations) : []),
  },
  { checks: [cacheableHotRouteCheck], run: on((e) => e.api, findCacheableHotRoutes) },
  { checks: [oversizedResponsesCheck], run: on((e) => e.api, findOversizedResponses) },
  { checks: [unevenLoadCheck], run: on((e) => e.fleet, findUnevenLoad) },
  {
    checks: [eventLoopSaturationCheck],
    // The API evidence names the route whose synchronous work blocks the loop, when one stands out.
    run: (e, t) => (e.runtime ? findEventLoopSaturation(e.runtime, t, e.api) : []),
  },
  { checks: [memoryGrowthCheck], run: on((e) => e.runtime, findMemoryGrowth) },
  { checks: [gcPressureCheck], run: on((e) => e.runtime, findGcPressure) },
  { checks: [outlierInstanceCheck], run: on((e) => e.fleet, findOutlierInstances) },
  { checks: [poolSaturationCheck], run: on((e) => e.dbClient, findPoolSaturation) },
  { checks: [topTimeStatementsCheck], run: on((e) => e.postgres, findTopTimeStatements) },
  { checks: [slowStatementsCheck], run: on((e) => e.postgres, findSlowStatements) },
  {
    checks: [sequentialScansCheck],
    // The recent window's statements name the readers of a scan that began minutes ago.
    run: (e, t) => (e.postgres ? findSequentialScans(e.postgres, t, e.recent?.postgres?.statements) : []),
  },
  { checks: [lowCacheHitRatioCheck], run: on((e) => e.postgres, findLowCacheHitRatio) },
  { checks: [lockWaitsCheck], run: on((e) => e.postgres, findLockWaits) },
  {
    checks: [idleInTransactionCheck],
    // The relations name the routes that run the statement after which transactions sit idle.
    run: (e, t) => (e.postgres ? findIdleInTransaction(e.postgres, t, e.relations) : []),
  },
  { checks: [longTransactionsCheck], run: on((e) => e.postgres, findLongTransactions) },
  { checks: [connectionsNearLimitCheck], run: on((e) => e.postgres, findConnectionsNearLimit) },
  {
    checks: [cpuPressureCheck, memoryPressureCheck, diskPressureCheck],
    run: on((e) => e.host, findHostPressure),
  },
  { checks: [thresholdBreachesCheck], run: on((e) => e.loadTest, findThresholdBreaches) },
  { checks: [baselineRegressionCheck], run: on((e) => e.loadTest, findBaselineRegressions) },
  { checks: [capacityCheck], run: on((e) => e.loadTest, findCapacity) },
  { checks: [browserWebVitalsCheck], run: on((e) => e.loadTest, findBrowserWebVitals) },
];

/** The metadata of every check, in catalogue order (docs/analysis.md lists them in this order). */
export const CHECK_CATALOGUE: readonly CheckMetadata[] = CHECK_RUNNERS.flatMap((runner) => runner.checks);

/**
 * Runs every check on the evidence; the checks averaging dilutes judge the recent window too, and the worse
 * judgement stands (checks/judge-recent-window.ts).
 */
export function runChecks(evidence: AnalysisEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  const whole = CHECK_RUNNERS.flatMap((runner) => runner.run(evidence, thresholds));
  const recent = evidence.recent;
  if (!recent) return whole;
  const recentEvidence: AnalysisEvidence = {
    ...evidence,
    rangeSeconds: recent.rangeSeconds,
    api: recent.api,
    postgres: recent.postgres,
  };
  const judgedRecently = CHECK_RUNNERS.filter((runner) =>
    runner.checks.some((c) => RECENT_WINDOW_CHECKS.has(c.id)),
  ).flatMap((runner) => runner.run(recentEvidence, thresholds));
  return takeWorseJudgement(
    whole,
    judgedRecently,
    describeRecentWindow(recent.rangeSeconds, evidence.rangeSeconds),
  );
}

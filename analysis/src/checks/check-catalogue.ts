import type { CheckMetadata } from '../findings/check-definition';
import type { CheckedFinding } from '../findings/finding';
import type { ApiEvidence } from '../sources/api-evidence';
import type { DbClientEvidence } from '../sources/db-client-evidence';
import type { FrontendEvidence } from '../sources/frontend-evidence';
import type { HostEvidence } from '../sources/host-evidence';
import type { LoadTestEvidence } from '../sources/load-test-evidence';
import type { PostgresEvidence } from '../sources/postgres-evidence';
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
  cpuPressureCheck,
  diskPressureCheck,
  findHostPressure,
  memoryPressureCheck,
} from './host/host-pressure';
import { baselineRegressionCheck, findBaselineRegressions } from './load-test/baseline-regression';
import { capacityCheck, findCapacity } from './load-test/capacity';
import { findThresholdBreaches, thresholdBreachesCheck } from './load-test/threshold-breaches';
import { connectionsNearLimitCheck, findConnectionsNearLimit } from './postgres/connections-near-limit';
import { findLockWaits, lockWaitsCheck } from './postgres/lock-waits';
import { findLongTransactions, longTransactionsCheck } from './postgres/long-transactions';
import { findLowCacheHitRatio, lowCacheHitRatioCheck } from './postgres/low-cache-hit-ratio';
import { findSequentialScans, sequentialScansCheck } from './postgres/sequential-scans';
import { findSlowStatements, slowStatementsCheck } from './postgres/slow-statements';
import { findTopTimeStatements, topTimeStatementsCheck } from './postgres/top-time-statements';
import { eventLoopSaturationCheck, findEventLoopSaturation } from './runtime/event-loop-saturation';
import { findGcPressure, gcPressureCheck } from './runtime/gc-pressure';
import { findMemoryGrowth, memoryGrowthCheck } from './runtime/memory-growth';

/** Everything the sources read for one analysis; a layer is absent when it was not analysed. */
export interface AnalysisEvidence {
  rangeSeconds: number;
  api?: ApiEvidence;
  runtime?: RuntimeEvidence;
  dbClient?: DbClientEvidence;
  postgres?: PostgresEvidence;
  host?: HostEvidence;
  frontend?: FrontendEvidence;
  loadTest?: LoadTestEvidence;
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
  { checks: [routeSlowerThanSloCheck], run: on((e) => e.api, findRoutesSlowerThanSlo) },
  { checks: [errorHotspotCheck], run: on((e) => e.api, findErrorHotspots) },
  { checks: [databaseBoundRouteCheck], run: on((e) => e.api, findDatabaseBoundRoutes) },
  { checks: [nPlusOneQueriesCheck], run: on((e) => e.api, findNPlusOneQueries) },
  { checks: [cacheableHotRouteCheck], run: on((e) => e.api, findCacheableHotRoutes) },
  { checks: [oversizedResponsesCheck], run: on((e) => e.api, findOversizedResponses) },
  {
    checks: [eventLoopSaturationCheck],
    // The API evidence names the route whose synchronous work blocks the loop, when one stands out.
    run: (e, t) => (e.runtime ? findEventLoopSaturation(e.runtime, t, e.api) : []),
  },
  { checks: [memoryGrowthCheck], run: on((e) => e.runtime, findMemoryGrowth) },
  { checks: [gcPressureCheck], run: on((e) => e.runtime, findGcPressure) },
  { checks: [poolSaturationCheck], run: on((e) => e.dbClient, findPoolSaturation) },
  { checks: [topTimeStatementsCheck], run: on((e) => e.postgres, findTopTimeStatements) },
  { checks: [slowStatementsCheck], run: on((e) => e.postgres, findSlowStatements) },
  { checks: [sequentialScansCheck], run: on((e) => e.postgres, findSequentialScans) },
  { checks: [lowCacheHitRatioCheck], run: on((e) => e.postgres, findLowCacheHitRatio) },
  { checks: [lockWaitsCheck], run: on((e) => e.postgres, findLockWaits) },
  { checks: [longTransactionsCheck], run: on((e) => e.postgres, findLongTransactions) },
  { checks: [connectionsNearLimitCheck], run: on((e) => e.postgres, findConnectionsNearLimit) },
  {
    checks: [cpuPressureCheck, memoryPressureCheck, diskPressureCheck],
    run: on((e) => e.host, findHostPressure),
  },
  { checks: [thresholdBreachesCheck], run: on((e) => e.loadTest, findThresholdBreaches) },
  { checks: [baselineRegressionCheck], run: on((e) => e.loadTest, findBaselineRegressions) },
  { checks: [capacityCheck], run: on((e) => e.loadTest, findCapacity) },
];

/** The metadata of every check, in catalogue order (docs/analysis.md lists them in this order). */
export const CHECK_CATALOGUE: readonly CheckMetadata[] = CHECK_RUNNERS.flatMap((runner) => runner.checks);

/** Runs every check on the evidence. */
export function runChecks(evidence: AnalysisEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  return CHECK_RUNNERS.flatMap((runner) => runner.run(evidence, thresholds));
}

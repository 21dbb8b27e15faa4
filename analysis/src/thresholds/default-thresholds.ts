import { HTTP_DURATION_BUCKETS } from '@perflens/conventions';
/**
 * Every threshold a check reads, with its default and the source of that default. A latency or error
 * threshold from the SLO file overrides these for the routes it covers (resolve-thresholds.ts).
 */
export interface Thresholds {
  api: {
    /** Latency threshold for routes no latency SLO covers; must be a request-duration bucket boundary. */
    latencyThresholdSeconds: number;
    /** Share of requests that must be faster than the threshold, for routes without a latency SLO. */
    latencyObjectiveRatio: number;
    /** Share of requests that may fail (5xx), for services without an availability SLO. */
    availabilityObjectiveRatio: number;
    /** Routes quieter than this are not judged: one slow request in ten is noise (SRE workbook, "Low-traffic services"). */
    minRequestsPerSecond: number;
    /** Share of request time spent in the database above which a route is database-bound. */
    databaseShareRatio: number;
    /** Database queries per request above which a route likely issues one query per item (N+1). */
    queriesPerRequest: number;
    /** Share of the service's traffic above which a read-only route is a caching candidate. */
    cacheableTrafficShareRatio: number;
    /** ...and the request rate it must carry to be hot. */
    cacheableMinRequestsPerSecond: number;
    /** Mean response size above which responses are oversized. */
    responseSizeBytes: number;
  };
  runtime: {
    eventLoopUtilizationRatio: number;
    /** p99 event-loop lag of one scrape interval above which the loop is lagging. */
    eventLoopLagP99Seconds: number;
    /** Share of the range the p99 lag must spend above eventLoopLagP99Seconds to be saturation, not a blip. */
    eventLoopLaggingTimeRatio: number;
    /** Heap (plus external memory) growth over the analysed range, relative to its mean, that looks like a leak. */
    heapGrowthRatio: number;
    /** Ranges shorter than this are not judged for growth: the fit sees GC cycles, not a trend. */
    heapGrowthMinRangeSeconds: number;
    /**
     * A process's first seconds after start are left out of the growth fit: a fresh process fills caches,
     * JIT code and pools, growth that stops. Growth is judged only with heapGrowthMinRangeSeconds after it.
     */
    memoryWarmupSeconds: number;
    /** Share of wall time spent in garbage collection. */
    gcTimeRatio: number;
  };
  dbClient: {
    /** Connections in use / pool maximum. */
    poolUsageRatio: number;
    /** Mean wait for a pool connection. */
    poolWaitSeconds: number;
  };
  postgres: {
    /** Share of all statement time above which one statement dominates the database. */
    statementTimeShareRatio: number;
    /** ...when it keeps the server busy at least this many seconds per second (a tenth of a core). */
    statementMinSecondsPerSecond: number;
    /** PgHero's slow_query_ms default: 20 ms mean. */
    slowStatementMeanSeconds: number;
    /** PgHero's slow_query_calls default: at least 100 calls in the range. */
    slowStatementMinCalls: number;
    /** PgHero's missing-index query: tables with at least 10,000 live rows. */
    sequentialScanMinRows: number;
    /** PgHero's missing-index query: index used for fewer than 95% of scans. */
    indexUsageRatio: number;
    /**
     * Share of the rows a table serves that sequential scans read, above which it is an index candidate even
     * when most of its scans use an index: a frequent full scan beside many cheap index lookups.
     */
    sequentialRowsShare: number;
    /** PgHero's cache_hit_rate_threshold: 99%. */
    cacheHitRatio: number;
    /** PgHero's long_running_query_sec default: 60 s. */
    longTransactionSeconds: number;
    /** Connections / max_connections. */
    connectionsRatio: number;
    /** Mean sessions waiting on a heavyweight lock. */
    lockWaitingSessions: number;
    /** Mean sessions waiting for locks held by sessions idle in transaction (the application holds them). */
    idleInTransactionWaitingSessions: number;
    /** Longest idle-in-transaction time that counts without waiters, with that many sessions idle on average. */
    idleInTransactionSeconds: number;
  };
  host: {
    cpuBusyRatio: number;
    /** MemAvailable / MemTotal below this is memory pressure. */
    memoryAvailableRatio: number;
    /** Free space / size below this is disk pressure. */
    diskAvailableRatio: number;
  };
  frontend: {
    /** Google's "good" boundaries at the 75th percentile (web.dev/articles/vitals): above is "needs improvement". */
    lcpGoodSeconds: number;
    lcpPoorSeconds: number;
    inpGoodSeconds: number;
    inpPoorSeconds: number;
    clsGood: number;
    clsPoor: number;
    ttfbGoodSeconds: number;
    ttfbPoorSeconds: number;
    /** FCP, judged in k6 browser runs (checks/load-test/browser-web-vitals.ts). */
    fcpGoodSeconds: number;
    fcpPoorSeconds: number;
  };
  /** Instances of one job compared with their peers (checks/fleet/): median and MAD, not fixed limits. */
  fleet: {
    /** Fewer instances than this are not compared: a median of two says nothing about which one is odd. */
    minInstances: number;
    /** Modified z-score (0.6745 × (x − median) / MAD) from which an instance is an outlier. */
    outlierScore: number;
    /** ...and, for p95 latency and event-loop lag, at least this multiple of the median. */
    outlierFactor: number;
    /** ...for the 5xx ratio, at least this far above the median ratio. */
    outlierErrorExcessRatio: number;
    /** ...for resident memory growth relative to its mean, at least this far above the median growth. */
    outlierMemoryGrowthExcessRatio: number;
    /** The busiest instance's request rate over the median instance's from which load is uneven. */
    unevenLoadFactor: number;
  };
  loadTest: {
    /** p95 latency threshold for k6 requests when no latency SLO applies. */
    p95Seconds: number;
    /** Share of failed k6 requests allowed when no availability SLO applies. */
    failedRatio: number;
    /** p95 this much slower than the baseline run is a regression (1.2 = 20% slower). */
    regressionRatio: number;
  };
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  api: {
    latencyThresholdSeconds: 0.5,
    latencyObjectiveRatio: 0.99,
    availabilityObjectiveRatio: 0.999,
    minRequestsPerSecond: 0.1,
    databaseShareRatio: 0.5,
    queriesPerRequest: 10,
    cacheableTrafficShareRatio: 0.2,
    cacheableMinRequestsPerSecond: 50,
    responseSizeBytes: 1024 * 1024,
  },
  runtime: {
    // Above ~0.9 utilization the loop has no slack: queues, then latency, grow (Node.js docs, "Event loop utilization").
    eventLoopUtilizationRatio: 0.9,
    eventLoopLagP99Seconds: 0.1,
    // One lagging scrape in twenty: a 20 s load test in the 60 s minimum range counts, a single GC pause
    // or deploy in a 15-minute range does not.
    eventLoopLaggingTimeRatio: 0.05,
    heapGrowthRatio: 0.2,
    heapGrowthMinRangeSeconds: 600,
    // A restarted process warms up for minutes (the demo: 57 MiB in its first 15): ten of them.
    memoryWarmupSeconds: 600,
    gcTimeRatio: 0.1,
  },
  dbClient: { poolUsageRatio: 0.9, poolWaitSeconds: 0.01 },
  postgres: {
    statementTimeShareRatio: 0.3,
    statementMinSecondsPerSecond: 0.1,
    slowStatementMeanSeconds: 0.02,
    slowStatementMinCalls: 100,
    sequentialScanMinRows: 10_000,
    indexUsageRatio: 0.95,
    sequentialRowsShare: 0.95,
    cacheHitRatio: 0.99,
    longTransactionSeconds: 60,
    connectionsRatio: 0.8,
    lockWaitingSessions: 0.5,
    // A tenth of a session on average: one request in ten stuck behind a transaction that waits on the app.
    idleInTransactionWaitingSessions: 0.1,
    // Well below PgHero's 60 s: a transaction idle for a second already holds its locks across slow work.
    idleInTransactionSeconds: 1,
  },
  // awesome-prometheus-alerts' host rules: CPU > 80%, memory available < 10%, disk free < 10%.
  host: { cpuBusyRatio: 0.8, memoryAvailableRatio: 0.1, diskAvailableRatio: 0.1 },
  frontend: {
    lcpGoodSeconds: 2.5,
    lcpPoorSeconds: 4,
    inpGoodSeconds: 0.2,
    inpPoorSeconds: 0.5,
    clsGood: 0.1,
    clsPoor: 0.25,
    ttfbGoodSeconds: 0.8,
    ttfbPoorSeconds: 1.8,
    fcpGoodSeconds: 1.8,
    fcpPoorSeconds: 3,
  },
  fleet: {
    minInstances: 3,
    // Iglewicz and Hoaglin's recommended cut-off for the modified z-score ("How to Detect and Handle
    // Outliers", 1993).
    outlierScore: 3.5,
    outlierFactor: 2,
    outlierErrorExcessRatio: 0.01,
    outlierMemoryGrowthExcessRatio: 0.1,
    unevenLoadFactor: 1.5,
  },
  loadTest: { p95Seconds: 0.5, failedRatio: 0.01, regressionRatio: 1.2 },
};

/**
 * The request-duration histogram's boundaries (OpenTelemetry's advised buckets). Latency thresholds must be
 * one of them so the share of fast requests is read from a bucket, not interpolated.
 */
export const HTTP_DURATION_BUCKETS_SECONDS = HTTP_DURATION_BUCKETS;

/**
 * The SRE workbook's fast-burn page condition (2% of a 30-day budget in 1 hour = burn rate 14.4), used when
 * no SLO supplies its own window ("Alerting on SLOs", table 5-8).
 */
export const DEFAULT_PAGE_BURN_RATE = 14.4;

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
        eventLoopLagP99Seconds: number;
        /** Heap (plus external memory) growth over the analysed range, relative to its mean, that looks like a leak. */
        heapGrowthRatio: number;
        /** Ranges shorter than this are not judged for growth: the fit sees GC cycles, not a trend. */
        heapGrowthMinRangeSeconds: number;
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
        /** PgHero's cache_hit_rate_threshold: 99%. */
        cacheHitRatio: number;
        /** PgHero's long_running_query_sec default: 60 s. */
        longTransactionSeconds: number;
        /** Connections / max_connections. */
        connectionsRatio: number;
        /** Mean sessions waiting on a heavyweight lock. */
        lockWaitingSessions: number;
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
export declare const DEFAULT_THRESHOLDS: Thresholds;
/**
 * The request-duration histogram's boundaries (OpenTelemetry's advised buckets). Latency thresholds must be
 * one of them so the share of fast requests is read from a bucket, not interpolated.
 */
export declare const HTTP_DURATION_BUCKETS_SECONDS: readonly [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/**
 * The SRE workbook's fast-burn page condition (2% of a 30-day budget in 1 hour = burn rate 14.4), used when
 * no SLO supplies its own window ("Alerting on SLOs", table 5-8).
 */
export declare const DEFAULT_PAGE_BURN_RATE = 14.4;

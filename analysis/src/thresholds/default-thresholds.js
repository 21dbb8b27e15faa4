"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_PAGE_BURN_RATE = exports.HTTP_DURATION_BUCKETS_SECONDS = exports.DEFAULT_THRESHOLDS = void 0;
const conventions_1 = require("@perflens/conventions");
exports.DEFAULT_THRESHOLDS = {
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
        heapGrowthRatio: 0.2,
        heapGrowthMinRangeSeconds: 600,
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
        cacheHitRatio: 0.99,
        longTransactionSeconds: 60,
        connectionsRatio: 0.8,
        lockWaitingSessions: 0.5,
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
    },
    loadTest: { p95Seconds: 0.5, failedRatio: 0.01, regressionRatio: 1.2 },
};
/**
 * The request-duration histogram's boundaries (OpenTelemetry's advised buckets). Latency thresholds must be
 * one of them so the share of fast requests is read from a bucket, not interpolated.
 */
exports.HTTP_DURATION_BUCKETS_SECONDS = conventions_1.HTTP_DURATION_BUCKETS;
/**
 * The SRE workbook's fast-burn page condition (2% of a 30-day budget in 1 hour = burn rate 14.4), used when
 * no SLO supplies its own window ("Alerting on SLOs", table 5-8).
 */
exports.DEFAULT_PAGE_BURN_RATE = 14.4;
//# sourceMappingURL=default-thresholds.js.map
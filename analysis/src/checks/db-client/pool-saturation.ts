import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { DbClientEvidence } from '../../sources/db-client-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const poolSaturationCheck: CheckMetadata = {
  id: 'db-client.pool-saturation',
  layer: 'db-client',
  title: 'Connection pool saturation',
  whyItMatters:
    'When every pooled connection is busy, queries queue inside the application before they reach PostgreSQL: latency grows with no sign of it in the database.',
  scoring:
    'Mean wait for a connection / the default latency threshold (at most 1) × 100: the share of a request’s latency budget spent queueing for a connection.',
  thresholds:
    'dbClient.poolWaitSeconds (10 ms) mean wait for a connection, or dbClient.poolUsageRatio (90%) of the pool in use with requests pending. Critical at 10 × the wait threshold.',
  remedy:
    'Shorten what holds a connection (transactions, slow statements) first; then size the pool (max) within max_connections.',
};

/** Pools where queries wait for a connection. */
export function findPoolSaturation(
  evidence: DbClientEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const { poolWaitSeconds: waitLimit, poolUsageRatio: usageLimit } = thresholds.values.dbClient;
  const findings: CheckedFinding[] = [];
  for (const pool of evidence.pools) {
    const wait = pool.meanWaitSeconds ?? 0;
    const pending = pool.meanPendingRequests ?? 0;
    const usage = pool.maxConnections ? (pool.meanUsedConnections ?? 0) / pool.maxConnections : 0;
    if (wait < waitLimit && !(usage >= usageLimit && pending > 0)) continue;
    const score = clamp01(wait / thresholds.values.api.latencyThresholdSeconds) * 100;
    const max = pool.maxConnections;
    findings.push(
      makeFinding(poolSaturationCheck, {
        target: { db_client_connection_pool_name: pool.pool },
        severity: wait >= 10 * waitLimit ? 'critical' : 'warning',
        impact: {
          score,
          explanation: `Queries wait ${formatSeconds(wait)} on average for a connection, ${formatPercent(score / 100)} of the ${formatSeconds(thresholds.values.api.latencyThresholdSeconds)} latency threshold.`,
        },
        title: `Pool ${pool.pool}: ${formatPercent(usage)} of ${max ?? '?'} connections in use, ${formatNumber(pending)} requests pending, ${formatSeconds(wait)} mean wait`,
        evidence: [
          {
            label: 'mean wait for a connection',
            query: evidence.queries.meanWait,
            value: wait,
            unit: 'seconds',
            threshold: waitLimit,
            thresholdSource: thresholdSource(thresholds, 'dbClient.poolWaitSeconds'),
          },
          {
            label: 'pool usage',
            query: `${evidence.queries.used} / ${evidence.queries.max}`,
            value: usage,
            unit: 'ratio',
            threshold: usageLimit,
            thresholdSource: thresholdSource(thresholds, 'dbClient.poolUsageRatio'),
          },
          { label: 'pending requests', query: evidence.queries.pending, value: pending, unit: 'count' },
        ],
        recommendations: [
          {
            kind: 'resize-pool',
            pool: pool.pool,
            ...(max ? { maxConnections: max } : {}),
            meanWaitSeconds: wait,
          },
        ],
      }),
    );
  }
  return findings;
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { PostgresEvidence } from '../../sources/postgres-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const lowCacheHitRatioCheck: CheckMetadata = {
  id: 'postgres.low-cache-hit-ratio',
  layer: 'postgres',
  title: 'Low cache hit ratio',
  whyItMatters:
    'Blocks not found in shared buffers are read from the OS cache or the disk, orders of magnitude slower than memory.',
  scoring: 'Share of block reads that missed shared buffers × 2 (at most 1) × 30.',
  thresholds:
    'postgres.cacheHitRatio (99%): PgHero’s cache_hit_rate_threshold. Critical below 90%. Only judged with at least one block read per second.',
  remedy:
    'Remove the sequential scans that churn the cache first; then size shared_buffers (about 25% of RAM) to the working set.',
};

/** Databases whose block reads miss shared buffers too often. */
export function findLowCacheHitRatio(
  evidence: PostgresEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const limit = thresholds.values.postgres.cacheHitRatio;
  const findings: CheckedFinding[] = [];
  for (const database of evidence.databases) {
    const hit = database.blocksHitPerSecond ?? 0;
    const read = database.blocksReadPerSecond ?? 0;
    if (read < 1) continue;
    const ratio = hit / (hit + read);
    if (ratio >= limit) continue;
    findings.push(
      makeFinding(lowCacheHitRatioCheck, {
        target: { datname: database.datname },
        severity: ratio < 0.9 ? 'critical' : 'warning',
        impact: {
          score: clamp01((1 - ratio) * 2) * 30,
          explanation: `${formatPercent(1 - ratio)} of block reads in ${database.datname} went past shared buffers.`,
        },
        title: `${database.datname}: cache hit ratio ${formatPercent(ratio)} (${formatNumber(read)} blocks/s read outside shared buffers)`,
        evidence: [
          {
            label: 'cache hit ratio',
            query: `${evidence.queries.blocksHit} / (${evidence.queries.blocksHit} + ${evidence.queries.blocksRead})`,
            value: ratio,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'postgres.cacheHitRatio'),
          },
          {
            label: 'blocks read per second',
            query: evidence.queries.blocksRead,
            value: read,
            unit: 'per_second',
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action:
              'Fix the sequential-scan findings first (they evict the cache); then raise shared_buffers towards 25% of RAM and restart.',
            expectedEffect: `Reads served from memory instead of ${formatNumber(read)} blocks per second from outside it.`,
            effort: 'medium',
            config: "ALTER SYSTEM SET shared_buffers = '2GB';  -- about 25% of RAM; needs a restart",
          },
        ],
      }),
    );
  }
  return findings;
}

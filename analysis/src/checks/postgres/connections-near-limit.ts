import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatNumber, formatPercent } from '../../findings/format-values';
import { makeFinding } from '../../findings/make-finding';
import { criticalRatioAbove, severityAbove } from '../../findings/severity-bands';
import type { PostgresEvidence } from '../../sources/postgres-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const connectionsNearLimitCheck: CheckMetadata = {
  id: 'postgres.connections-near-limit',
  layer: 'postgres',
  title: 'Connections near max_connections',
  whyItMatters:
    'At max_connections PostgreSQL refuses new connections: every new pool connection and every deploy fails.',
  scoring:
    'Peak connections / max_connections × 30 (a cliff rather than a slope: critical matters more than the score).',
  thresholds:
    'postgres.connectionsRatio (80%) of max_connections at the peak of the range; critical three quarters of the way to 100%.',
  remedy:
    'Put PgBouncer (transaction pooling) in front, or lower the application pools so instances × pool size fits.',
};

/** Databases whose peak connection count approaches the server's max_connections. */
export function findConnectionsNearLimit(
  evidence: PostgresEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const max = evidence.maxConnectionsSetting;
  if (!max) return [];
  const limit = thresholds.values.postgres.connectionsRatio;
  const findings: CheckedFinding[] = [];
  for (const database of evidence.databases) {
    const peak = database.peakConnections;
    if (peak === undefined) continue;
    const ratio = peak / max;
    const severity = severityAbove(ratio, limit, criticalRatioAbove(limit));
    if (!severity) continue;
    findings.push(
      makeFinding(connectionsNearLimitCheck, {
        target: { datname: database.datname },
        severity,
        impact: {
          score: Math.min(1, ratio) * 30,
          explanation: `Connections peaked at ${formatPercent(ratio)} of max_connections; at 100% new connections are refused.`,
        },
        title: `${database.datname}: ${formatNumber(peak)} of ${formatNumber(max)} connections in use at the peak (${formatPercent(ratio)})`,
        evidence: [
          {
            label: 'peak connections / max_connections',
            query: `${evidence.queries.connections} / scalar(${evidence.queries.maxConnections})`,
            value: ratio,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'postgres.connectionsRatio'),
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action:
              'Pool connections in front of PostgreSQL (PgBouncer, pool_mode = transaction) or lower each instance’s pool size.',
            expectedEffect: 'Thousands of client connections share a few dozen server connections.',
            effort: 'medium',
            config: '[pgbouncer]\npool_mode = transaction\ndefault_pool_size = 20',
          },
        ],
      }),
    );
  }
  return findings;
}

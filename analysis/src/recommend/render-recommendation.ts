import type { Recommendation } from '../findings/finding';
import { formatNumber, formatSeconds } from '../findings/format-values';
import type { CacheRoute, RecommendationSpec, ResizePool } from '../findings/recommendation-spec';
import { batchQueriesRecommendation } from './batch-queries-recommendation';
import {
  commitBeforeSlowWorkRecommendation,
  createIndexRecommendation,
  endLongTransactionsRecommendation,
  explainStatementRecommendation,
  findLockBlockersRecommendation,
} from './postgres-recommendations';

/**
 * The text, SQL and configuration of a recommendation, with the data it came from beside it (`guidance` is
 * only text): the one stage that writes them, once advice has named the columns to index.
 */
export function renderRecommendation(spec: RecommendationSpec): Recommendation {
  switch (spec.kind) {
    case 'guidance':
      return {
        action: spec.action,
        expectedEffect: spec.expectedEffect,
        effort: spec.effort,
        ...(spec.config ? { config: spec.config } : {}),
      };
    case 'create-index':
      return { ...createIndexRecommendation(spec), spec };
    case 'explain-statement':
      return { ...explainStatementRecommendation(spec), spec };
    case 'find-lock-blockers':
      return { ...findLockBlockersRecommendation(spec), spec };
    case 'end-long-transactions':
      return { ...endLongTransactionsRecommendation(spec), spec };
    case 'resize-pool':
      return { ...resizePoolRecommendation(spec), spec };
    case 'cache-route':
      return { ...cacheRouteRecommendation(spec), spec };
    case 'batch-queries':
      return { ...batchQueriesRecommendation(spec), spec };
    case 'commit-before-slow-work':
      return { ...commitBeforeSlowWorkRecommendation(spec), spec };
  }
}

/**
 * Half as many connections again (20 when the size is unknown, node-postgres' default being 10): a step,
 * not a target, since the pool's holders come first.
 */
function resizePoolRecommendation(spec: ResizePool): Recommendation {
  const max = spec.maxConnections ? Math.ceil(spec.maxConnections * 1.5) : 20;
  return {
    action:
      'Shorten what holds connections (long transactions, slow statements linked as causes); then raise the pool size, keeping instances × pool size under PostgreSQL max_connections.',
    expectedEffect: `Up to ${formatSeconds(spec.meanWaitSeconds)} less per query that waited.`,
    effort: 'low',
    config: `new pg.Pool({ max: ${max} })`,
  };
}

/** The saving at a 90% hit ratio, a usual aim for a short-lived cache of a hot read. */
function cacheRouteRecommendation(spec: CacheRoute): Recommendation {
  return {
    action: `Cache ${spec.method} ${spec.route}: a Cache-Control header when every user sees the same answer, else an in-process LRU keyed by the parameters, with a TTL the data tolerates.`,
    expectedEffect: `With a 90% hit ratio, ${formatNumber(spec.requestsPerSecond * spec.queriesPerRequest * 0.9)} fewer queries per second and ${formatSeconds(spec.dbSecondsPerRequest * 0.9)} less mean latency.`,
    effort: 'low',
    config: "res.set('Cache-Control', 'public, max-age=30, stale-while-revalidate=60');",
  };
}

import {
  DB_CONNECTION_COUNT,
  DB_CONNECTION_MAX,
  DB_CONNECTION_PENDING,
  DB_CONNECTION_WAIT,
  selector,
} from '@perflens/conventions';
import { type AnalysisScope, scopeRange } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { indexBy, labelKey, optional, runQuerySet } from './query-batch';

/** One connection pool of the service, as the instrumentation library reports it. */
export interface PoolStats {
  pool: string;
  meanUsedConnections?: number;
  maxConnections?: number;
  meanPendingRequests?: number;
  meanWaitSeconds?: number;
}

export type DbClientQueryName = 'used' | 'max' | 'pending' | 'meanWait';

export interface DbClientEvidence {
  pools: PoolStats[];
  queries: Readonly<Record<DbClientQueryName, string>>;
}

const POOL = 'db_client_connection_pool_name';

export function dbClientQueries(scope: AnalysisScope): Record<DbClientQueryName, string> {
  const range = scopeRange(scope);
  const job = { job: scope.job };
  const by = `by (${POOL})`;
  return {
    used: `sum ${by} (avg_over_time(${selector(DB_CONNECTION_COUNT, { ...job, db_client_connection_state: 'used' })}[${range}]))`,
    max: `max ${by} (max_over_time(${selector(DB_CONNECTION_MAX, job)}[${range}]))`,
    pending: `sum ${by} (avg_over_time(${selector(DB_CONNECTION_PENDING, job)}[${range}]))`,
    meanWait: `sum ${by} (rate(${selector(`${DB_CONNECTION_WAIT}_sum`, job)}[${range}])) / sum ${by} (rate(${selector(
      `${DB_CONNECTION_WAIT}_count`,
      job,
    )}[${range}]))`,
  };
}

export async function readDbClientEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
): Promise<DbClientEvidence> {
  const { vectors, queries } = await runQuerySet(client, dbClientQueries(scope), scope.endSeconds);
  const used = indexBy(vectors.used, [POOL]);
  const max = indexBy(vectors.max, [POOL]);
  const pending = indexBy(vectors.pending, [POOL]);
  const wait = indexBy(vectors.meanWait, [POOL]);
  const pools = new Set<string>();
  for (const vector of Object.values(vectors)) for (const s of vector) pools.add(labelKey(s.labels, [POOL]));
  return {
    pools: [...pools].sort().map((pool) => ({
      pool,
      ...optional('meanUsedConnections', used.get(pool)),
      ...optional('maxConnections', max.get(pool)),
      ...optional('meanPendingRequests', pending.get(pool)),
      ...optional('meanWaitSeconds', wait.get(pool)),
    })),
    queries,
  };
}

import { Gauge, type Registry } from 'prom-client';
import {
  DB_CONNECTION_COUNT,
  DB_CONNECTION_MAX,
  DB_CONNECTION_PENDING,
  DB_CONNECTION_WAIT,
  DB_DURATION_BUCKETS,
  DB_OPERATION_DURATION,
  type MetricDefinition,
} from '@perflens/conventions';
import { SeriesHistogram } from '../exposition/series-histogram';

export const OPERATION_LABELS = [
  'db_system_name',
  'db_operation_name',
  'db_collection_name',
  'error_type',
] as const;
export type OperationLabel = (typeof OPERATION_LABELS)[number];
const POOL_LABEL = 'db_client_connection_pool_name';

const PRODUCER = 'instrument/db';

export const dbClientMetricDefinitions: readonly MetricDefinition[] = [
  {
    name: DB_OPERATION_DURATION,
    type: 'histogram',
    help: 'Duration of database client operations; error_type is the SQLSTATE (or a client error class) on failure.',
    labels: OPERATION_LABELS,
    producer: PRODUCER,
  },
  {
    name: DB_CONNECTION_COUNT,
    type: 'gauge',
    help: 'Connections in the pool by state (idle, used).',
    labels: [POOL_LABEL, 'db_client_connection_state'],
    producer: PRODUCER,
  },
  {
    name: DB_CONNECTION_MAX,
    type: 'gauge',
    help: 'Maximum connections the pool may open.',
    labels: [POOL_LABEL],
    producer: PRODUCER,
  },
  {
    name: DB_CONNECTION_PENDING,
    type: 'gauge',
    help: 'Requests waiting for a pool connection.',
    labels: [POOL_LABEL],
    producer: PRODUCER,
  },
  {
    name: DB_CONNECTION_WAIT,
    type: 'histogram',
    help: 'Time spent waiting for a pool connection.',
    labels: [POOL_LABEL],
    producer: PRODUCER,
  },
];

/** What the pool gauges read at scrape time (pg-pool exposes these as getters). */
export interface PoolStatistics {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

export interface DbClientMetrics {
  /** SeriesHistograms: observed once per query or checkout, through series looked up once. */
  duration: SeriesHistogram<OperationLabel>;
  waitTime: SeriesHistogram<typeof POOL_LABEL>;
  /** Pools whose gauges are read at each scrape, by pool name. */
  pools: Map<string, PoolStatistics>;
}

function helpOf(name: string): string {
  return dbClientMetricDefinitions.find((d) => d.name === name)!.help;
}

/** Registers the database client metrics; pool gauges are computed at scrape time from `pools`. */
export function registerDbClientMetrics(registry: Registry): DbClientMetrics {
  const registers = [registry];
  const pools = new Map<string, PoolStatistics>();
  new Gauge({
    name: DB_CONNECTION_COUNT,
    help: helpOf(DB_CONNECTION_COUNT),
    labelNames: [POOL_LABEL, 'db_client_connection_state'],
    registers,
    collect() {
      for (const [name, pool] of pools) {
        this.set({ [POOL_LABEL]: name, db_client_connection_state: 'idle' }, pool.idleCount);
        this.set(
          { [POOL_LABEL]: name, db_client_connection_state: 'used' },
          pool.totalCount - pool.idleCount,
        );
      }
    },
  });
  new Gauge({
    name: DB_CONNECTION_MAX,
    help: helpOf(DB_CONNECTION_MAX),
    labelNames: [POOL_LABEL],
    registers,
    collect() {
      // pg-pool's documented default for `max` is 10.
      for (const [name, pool] of pools) this.set({ [POOL_LABEL]: name }, pool.options.max ?? 10);
    },
  });
  new Gauge({
    name: DB_CONNECTION_PENDING,
    help: helpOf(DB_CONNECTION_PENDING),
    labelNames: [POOL_LABEL],
    registers,
    collect() {
      for (const [name, pool] of pools) this.set({ [POOL_LABEL]: name }, pool.waitingCount);
    },
  });
  return {
    duration: new SeriesHistogram({
      name: DB_OPERATION_DURATION,
      help: helpOf(DB_OPERATION_DURATION),
      labelNames: OPERATION_LABELS,
      buckets: [...DB_DURATION_BUCKETS],
      registers,
    }),
    waitTime: new SeriesHistogram({
      name: DB_CONNECTION_WAIT,
      help: helpOf(DB_CONNECTION_WAIT),
      labelNames: [POOL_LABEL],
      buckets: [...DB_DURATION_BUCKETS],
      registers,
    }),
    pools,
  };
}

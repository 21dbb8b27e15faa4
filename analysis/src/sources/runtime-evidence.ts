import { type AnalysisScope, scopeRange } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { selector } from './promql';
import { indexBy, labelKey, optional, runQuerySet } from './query-batch';

/** One Node.js process (Prometheus `instance`) of the service. */
export interface RuntimeInstanceStats {
  instance: string;
  eventLoopUtilizationRatio?: number;
  eventLoopLagP99Seconds?: number;
  /**
   * Growth of the memory JavaScript retains over the range, from a least-squares fit (PromQL deriv), in
   * bytes: the V8 heap in use plus external memory (Buffers and ArrayBuffers live outside the heap).
   */
  heapGrowthBytes?: number;
  /** Mean of the same sum (heap in use + external) over the range. */
  meanHeapUsedBytes?: number;
  gcTimeRatio?: number;
  cpuSecondsPerSecond?: number;
}

export type RuntimeQueryName =
  'eventLoopUtilization' | 'eventLoopLag' | 'heapGrowth' | 'heapMean' | 'gcTime' | 'cpu';

export interface RuntimeEvidence {
  rangeSeconds: number;
  instances: RuntimeInstanceStats[];
  queries: Readonly<Record<RuntimeQueryName, string>>;
}

const BY_INSTANCE = ['instance'];

export function runtimeQueries(scope: AnalysisScope): Record<RuntimeQueryName, string> {
  const range = scopeRange(scope);
  const of = (metric: string) => selector(metric, { job: scope.job });
  return {
    eventLoopUtilization: `avg by (instance) (avg_over_time(${of('perflens_nodejs_eventloop_utilization')}[${range}]))`,
    eventLoopLag: `max by (instance) (avg_over_time(${of('nodejs_eventloop_lag_p99_seconds')}[${range}]))`,
    // deriv() fits a line through every sample, so a GC sawtooth does not read as growth the way
    // last - first would (Prometheus docs, "deriv()"). External memory is added because a leak of
    // Buffers (a response cache, say) grows outside the V8 heap and kills the process just the same;
    // prom-client reports both gauges from one collector, so both exist wherever one does.
    heapGrowth: `(sum by (instance) (deriv(${of('nodejs_heap_size_used_bytes')}[${range}])) + sum by (instance) (deriv(${of('nodejs_external_memory_bytes')}[${range}]))) * ${scope.rangeSeconds}`,
    heapMean: `sum by (instance) (avg_over_time(${of('nodejs_heap_size_used_bytes')}[${range}])) + sum by (instance) (avg_over_time(${of('nodejs_external_memory_bytes')}[${range}]))`,
    gcTime: `sum by (instance) (rate(${of('nodejs_gc_duration_seconds_sum')}[${range}]))`,
    cpu: `sum by (instance) (rate(${of('process_cpu_seconds_total')}[${range}]))`,
  };
}

export async function readRuntimeEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
): Promise<RuntimeEvidence> {
  const { vectors, queries } = await runQuerySet(client, runtimeQueries(scope), scope.endSeconds);
  const indexes = Object.fromEntries(
    Object.entries(vectors).map(([name, vector]) => [name, indexBy(vector, BY_INSTANCE)]),
  ) as Record<RuntimeQueryName, Map<string, number>>;
  const instances = new Set<string>();
  for (const vector of Object.values(vectors))
    for (const s of vector) instances.add(labelKey(s.labels, BY_INSTANCE));
  return {
    rangeSeconds: scope.rangeSeconds,
    instances: [...instances].sort().map((instance) => ({
      instance,
      ...optional('eventLoopUtilizationRatio', indexes.eventLoopUtilization.get(instance)),
      ...optional('eventLoopLagP99Seconds', indexes.eventLoopLag.get(instance)),
      ...optional('heapGrowthBytes', indexes.heapGrowth.get(instance)),
      ...optional('meanHeapUsedBytes', indexes.heapMean.get(instance)),
      ...optional('gcTimeRatio', indexes.gcTime.get(instance)),
      ...optional('cpuSecondsPerSecond', indexes.cpu.get(instance)),
    })),
    queries,
  };
}

import { EVENT_LOOP_UTILIZATION, selector } from '@perflens/conventions';
import { type AnalysisScope, scopeRange } from './analysis-scope';
import type { PrometheusClient } from './prometheus-client';
import { indexBy, labelKey, optional, runQuerySet } from './query-batch';
import { readRouteBlockingEvidence, type RouteBlockingEvidence } from './runtime-evidence-routes';

/** One Node.js process (Prometheus `instance`) of the service. */
export interface RuntimeInstanceStats {
  instance: string;
  /** Mean event-loop utilisation over the range. */
  eventLoopUtilizationRatio?: number;
  /** Highest utilisation of one scrape interval (the gauge covers the time since the previous scrape). */
  eventLoopUtilizationPeakRatio?: number;
  /**
   * Highest p99 event-loop lag of the range. prom-client's lag gauges describe the delays since the
   * previous scrape, so this is the worst scrape interval: a burst of blocking a mean over the range
   * would dilute (a 20 s load test in a 60 s window).
   */
  eventLoopLagP99PeakSeconds?: number;
  /** Share of the range the p99 lag spent above the lag threshold (runtime.eventLoopLagP99Seconds). */
  eventLoopLaggingRatio?: number;
  /**
   * Growth of the memory the process retains across garbage collections over the range, from a
   * least-squares fit (PromQL deriv), in bytes: V8's old generation in use plus external memory (Buffers
   * and ArrayBuffers live outside the heap).
   */
  retainedGrowthBytes?: number;
  /** Mean of the same sum (old generation + external) over the range. */
  meanRetainedBytes?: number;
  gcTimeRatio?: number;
  cpuSecondsPerSecond?: number;
}

export type RuntimeQueryName =
  | 'eventLoopUtilization'
  | 'eventLoopUtilizationPeak'
  | 'eventLoopLagPeak'
  | 'eventLoopLagging'
  | 'retainedGrowth'
  | 'retainedMean'
  | 'gcTime'
  | 'cpu';

export interface RuntimeEvidence {
  rangeSeconds: number;
  instances: RuntimeInstanceStats[];
  queries: Readonly<Record<RuntimeQueryName, string>>;
  /** Each route's measured synchronous time per instance, when the instrumentation reports it. */
  routeBlocking?: RouteBlockingEvidence;
}

const BY_INSTANCE = ['instance'];

/**
 * V8's young generation: new objects are allocated there and those that survive two scavenges move to the
 * old generation (v8.dev/blog/trash-talk). Its use rises and falls with the allocation rate between
 * scavenges, by up to its whole size (16 MiB by default) several times a second, whatever the process
 * retains; a leak's objects survive and accumulate in the old generation.
 */
const YOUNG_GENERATION_SPACES = 'new|new_large_object';

/** Subquery steps of the lagging-time query at most: one a second up to about three hours. */
const MAX_LAGGING_STEPS = 10_000;

/**
 * How memory growth is read: a process's first `warmupSeconds` after start are left out (a fresh process
 * fills caches, JIT code and pools: growth that stops), and growth is only reported where at least
 * `minRangeSeconds` of the range lie after them (runtime.memoryWarmupSeconds, runtime.heapGrowthMinRangeSeconds).
 */
export interface MemoryGrowthWindow {
  warmupSeconds: number;
  minRangeSeconds: number;
}

/**
 * `lagThresholdSeconds`: the p99 lag counted as lagging (runtime.eventLoopLagP99Seconds); `memory`: the
 * warm-up left out of the growth fit (none when absent or 0).
 */
export function runtimeQueries(
  scope: AnalysisScope,
  lagThresholdSeconds: number,
  memory?: MemoryGrowthWindow,
): Record<RuntimeQueryName, string> {
  const range = scopeRange(scope);
  const lag = `max by (instance) (${selector('nodejs_eventloop_lag_p99_seconds', { job: scope.job })})`;
  const step = Math.max(1, Math.ceil(scope.rangeSeconds / MAX_LAGGING_STEPS));
  const of = (metric: string) => selector(metric, { job: scope.job });
  const retained = selector('nodejs_heap_space_size_used_bytes', {
    job: scope.job,
    space: { notRegex: YOUNG_GENERATION_SPACES },
  });
  return {
    eventLoopUtilization: `avg by (instance) (avg_over_time(${of(EVENT_LOOP_UTILIZATION)}[${range}]))`,
    eventLoopUtilizationPeak: `max by (instance) (max_over_time(${of(EVENT_LOOP_UTILIZATION)}[${range}]))`,
    eventLoopLagPeak: `max by (instance) (max_over_time(${of('nodejs_eventloop_lag_p99_seconds')}[${range}]))`,
    // Time-weighted: at a 1 s step each sample counts for as long as it is the latest one, whatever the
    // scrape interval.
    eventLoopLagging: `avg_over_time((${lag} > bool ${lagThresholdSeconds})[${range}:${step}s])`,
    // deriv() fits a line through every sample, so a GC sawtooth does not read as growth the way
    // last - first would (Prometheus docs, "deriv()"); over a short range the young generation's
    // sawtooth is still larger than a small process's trend, so only the old generation is counted.
    // External memory is added because a leak of Buffers (a response cache, say) grows outside the V8
    // heap and kills the process just the same. prom-client reports the heap spaces and external memory
    // from its default collectors, so both exist wherever one does.
    ...(memory && memory.warmupSeconds > 0
      ? retainedAfterWarmup(scope, retained, memory, step)
      : {
          retainedGrowth: `(sum by (instance) (deriv(${retained}[${range}])) + sum by (instance) (deriv(${of('nodejs_external_memory_bytes')}[${range}]))) * ${scope.rangeSeconds}`,
          retainedMean: `sum by (instance) (avg_over_time(${retained}[${range}])) + sum by (instance) (avg_over_time(${of('nodejs_external_memory_bytes')}[${range}]))`,
        }),
    gcTime: `sum by (instance) (rate(${of('nodejs_gc_duration_seconds_sum')}[${range}]))`,
    cpu: `sum by (instance) (rate(${of('process_cpu_seconds_total')}[${range}]))`,
  };
}

/**
 * The growth and mean of retained memory from the samples after each process's warm-up: a subquery keeps
 * the instants at least `warmupSeconds` after process_start_time_seconds (all of them where a process does
 * not report its start), deriv fits a line through them, and the growth is that slope over the range; it is
 * reported only where those instants cover `minRangeSeconds`. A process restarted 5 minutes ago is not
 * judged; one started 20 minutes ago is judged on its last 10.
 */
function retainedAfterWarmup(
  scope: AnalysisScope,
  retained: string,
  memory: MemoryGrowthWindow,
  stepSeconds: number,
): Pick<Record<RuntimeQueryName, string>, 'retainedGrowth' | 'retainedMean'> {
  const of = (metric: string) => selector(metric, { job: scope.job });
  const now = `(sum by (instance) (${retained}) + sum by (instance) (${of('nodejs_external_memory_bytes')}))`;
  const warmingUp = `(time() - max by (instance) (${of('process_start_time_seconds')}) < ${memory.warmupSeconds})`;
  const afterWarmup = `(${now} unless on (instance) ${warmingUp})[${scopeRange(scope)}:${stepSeconds}s]`;
  return {
    retainedGrowth: `deriv(${afterWarmup}) * ${scope.rangeSeconds} and on (instance) (count_over_time(${afterWarmup}) * ${stepSeconds} >= ${memory.minRangeSeconds})`,
    retainedMean: `avg_over_time(${afterWarmup})`,
  };
}

export async function readRuntimeEvidence(
  client: PrometheusClient,
  scope: AnalysisScope,
  lagThresholdSeconds: number,
  memory?: MemoryGrowthWindow,
): Promise<RuntimeEvidence> {
  const [{ vectors, queries }, routeBlocking] = await Promise.all([
    runQuerySet(client, runtimeQueries(scope, lagThresholdSeconds, memory), scope.endSeconds),
    readRouteBlockingEvidence(client, scope),
  ]);
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
      ...optional('eventLoopUtilizationPeakRatio', indexes.eventLoopUtilizationPeak.get(instance)),
      ...optional('eventLoopLagP99PeakSeconds', indexes.eventLoopLagPeak.get(instance)),
      ...optional('eventLoopLaggingRatio', indexes.eventLoopLagging.get(instance)),
      ...optional('retainedGrowthBytes', indexes.retainedGrowth.get(instance)),
      ...optional('meanRetainedBytes', indexes.retainedMean.get(instance)),
      ...optional('gcTimeRatio', indexes.gcTime.get(instance)),
      ...optional('cpuSecondsPerSecond', indexes.cpu.get(instance)),
    })),
    queries,
    ...(routeBlocking ? { routeBlocking } : {}),
  };
}

import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import { EVENT_LOOP_UTILIZATION, type MetricDefinition } from '@perflens/conventions';

const PRODUCER = 'instrument/runtime';

/**
 * prom-client's default metrics that rules, dashboards and the analysis engine read (the full list is
 * prom-client's lib/defaultMetrics.js; every one of them is produced, these are the ones we rely on).
 */
export const runtimeMetricDefinitions: readonly MetricDefinition[] = [
  ...(
    [
      ['process_cpu_seconds_total', 'counter', []],
      ['process_cpu_user_seconds_total', 'counter', []],
      ['process_cpu_system_seconds_total', 'counter', []],
      ['process_start_time_seconds', 'gauge', []],
      ['process_resident_memory_bytes', 'gauge', []],
      ['process_open_fds', 'gauge', []],
      ['process_max_fds', 'gauge', []],
      ['nodejs_eventloop_lag_seconds', 'gauge', []],
      ['nodejs_eventloop_lag_mean_seconds', 'gauge', []],
      ['nodejs_eventloop_lag_p50_seconds', 'gauge', []],
      ['nodejs_eventloop_lag_p90_seconds', 'gauge', []],
      ['nodejs_eventloop_lag_p99_seconds', 'gauge', []],
      ['nodejs_eventloop_lag_max_seconds', 'gauge', []],
      ['nodejs_active_handles', 'gauge', ['type']],
      ['nodejs_active_requests', 'gauge', ['type']],
      ['nodejs_active_resources', 'gauge', ['type']],
      ['nodejs_heap_size_total_bytes', 'gauge', []],
      ['nodejs_heap_size_used_bytes', 'gauge', []],
      ['nodejs_external_memory_bytes', 'gauge', []],
      ['nodejs_heap_space_size_used_bytes', 'gauge', ['space']],
      ['nodejs_heap_space_size_total_bytes', 'gauge', ['space']],
      ['nodejs_version_info', 'gauge', ['version', 'major', 'minor', 'patch']],
      ['nodejs_gc_duration_seconds', 'histogram', ['kind']],
    ] as const
  ).map(([name, type, labels]) => ({
    name,
    type,
    help: 'prom-client default metric (see prom-client lib/metrics).',
    labels,
    producer: PRODUCER,
  })),
  {
    name: EVENT_LOOP_UTILIZATION,
    type: 'gauge',
    help: 'Share of time (0-1) the event loop was busy since the previous scrape.',
    labels: [],
    producer: PRODUCER,
  },
];

/**
 * prom-client gauges whose names end in `_total`, which `promtool check metrics` rejects ("non-counter
 * metrics should not have _total suffix"). Their per-type siblings (`nodejs_active_handles{type}` …)
 * carry the same information: sum() them.
 */
const GAUGES_NAMED_LIKE_COUNTERS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export interface RuntimeMetricsOptions {
  /** prom-client's default process and Node.js metrics; off when the service already collects them. */
  defaultMetrics: boolean;
}

/**
 * Registers runtime metrics. Event-loop utilization complements prom-client's lag metrics: lag says how
 * late timers fire, utilization says how close the loop is to saturation (Node's perf_hooks docs).
 */
export function registerRuntimeMetrics(registry: Registry, options: RuntimeMetricsOptions): void {
  if (options.defaultMetrics) {
    collectDefaultMetrics({ register: registry });
    for (const name of GAUGES_NAMED_LIKE_COUNTERS) registry.removeSingleMetric(name);
  }
  let previous: EventLoopUtilization = performance.eventLoopUtilization();
  new Gauge({
    name: EVENT_LOOP_UTILIZATION,
    help: runtimeMetricDefinitions.find((d) => d.name === EVENT_LOOP_UTILIZATION)!.help,
    registers: [registry],
    // Workers in cluster mode are averaged, not summed: utilization is a share.
    aggregator: 'average',
    collect() {
      const current = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(current, previous).utilization);
      previous = current;
    },
  });
}

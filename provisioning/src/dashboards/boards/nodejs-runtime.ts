import { DASHBOARD_UIDS, EVENT_LOOP_UTILIZATION } from '@perflens/conventions';
import { buildDashboard } from '../kit/perflens-dashboard';
import { timeseriesPanel } from '../kit/panels';
import { labelVariable } from '../kit/variables';

const sel = 'job=~"$job",instance=~"$instance"';

/** The Node.js runtime of instrumented services: event loop, heap and external memory, GC, CPU. */
export function nodejsRuntimeDashboard() {
  return buildDashboard({
    uid: DASHBOARD_UIDS.nodejs,
    title: 'Perflens / Node.js',
    description:
      'Node.js runtime: event-loop utilization and lag (CPU-bound handlers), memory (leaks), GC, CPU.',
    tags: ['runtime'],
    variables: [
      labelVariable('job', 'job', 'nodejs_heap_size_used_bytes', { title: 'Job' }),
      labelVariable('instance', 'instance', 'nodejs_heap_size_used_bytes{job=~"$job"}', {
        title: 'Instance',
      }),
    ],
    sections: [
      {
        title: 'Event loop',
        panels: [
          timeseriesPanel({
            title: 'Event-loop utilization',
            description: 'Share of time the loop was busy since the previous scrape; near 1 it is CPU-bound.',
            unit: 'percentunit',
            queries: [{ expr: `${EVENT_LOOP_UTILIZATION}{${sel}}`, legend: '{{job}} {{instance}}' }],
            thresholds: [
              [0.7, 'orange'],
              [0.9, 'red'],
            ],
            max: 1,
          }),
          timeseriesPanel({
            title: 'Event-loop lag p99',
            description: 'How late timers fire: every request waits at least this long.',
            unit: 's',
            queries: [{ expr: `nodejs_eventloop_lag_p99_seconds{${sel}}`, legend: '{{job}} {{instance}}' }],
            thresholds: [
              [0.1, 'orange'],
              [0.5, 'red'],
            ],
          }),
        ],
      },
      {
        title: 'Memory and CPU',
        panels: [
          timeseriesPanel({
            title: 'Memory',
            description:
              'Resident set, heap used and external (Buffers) memory; steady growth under steady load is a leak.',
            unit: 'bytes',
            queries: [
              { expr: `process_resident_memory_bytes{${sel}}`, legend: 'resident {{instance}}' },
              { expr: `nodejs_heap_size_used_bytes{${sel}}`, legend: 'heap used {{instance}}' },
              { expr: `nodejs_external_memory_bytes{${sel}}`, legend: 'external {{instance}}' },
            ],
            width: 8,
          }),
          timeseriesPanel({
            title: 'GC time per second',
            description: 'Seconds spent in garbage collection per second, by kind.',
            unit: 's',
            queries: [
              {
                expr: `sum by (kind) (rate(nodejs_gc_duration_seconds_sum{${sel}}[$__rate_interval]))`,
                legend: '{{kind}}',
              },
            ],
            width: 8,
          }),
          timeseriesPanel({
            title: 'Process CPU',
            description: 'CPU seconds per second (1 = one core).',
            unit: 'percentunit',
            queries: [
              {
                expr: `rate(process_cpu_seconds_total{${sel}}[$__rate_interval])`,
                legend: '{{job}} {{instance}}',
              },
            ],
            width: 8,
          }),
        ],
      },
    ],
  });
}

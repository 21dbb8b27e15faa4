import { closeSync, openSync, writeSync } from 'node:fs';
import { HTTP_REQUEST_DURATION } from '@perflens/conventions';
import {
  type FleetProfile,
  fleetInstanceName,
  fleetRouteName,
  normalCdf,
  seededRandom,
} from './fleet-profile';

/**
 * The request-duration boundaries the fleet writes: the OpenTelemetry buckets from 50 ms to 2.5 s
 * (@perflens/conventions' HTTP_DURATION_BUCKETS), which include the usual latency thresholds (0.25 s, 0.5 s)
 * and place the simulated routes' p95s between two boundaries. All fourteen would nearly double the series of
 * a file that is already the largest fixture the tests backfill (a 50 × 200 fleet: about 95,000 request
 * series, 9 per route and status).
 */
export const FLEET_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

/** Log-normal spread of one route's latency (σ of ln seconds): p95 ≈ 2.3 × median. */
const LATENCY_SIGMA = 0.5;
/** One route in this many fails a little on every instance, so the fleet's error ratio is not zero. */
const BACKGROUND_ERROR_EVERY = 20;
const BACKGROUND_ERROR_RATIO = 0.002;

type Line = (name: string, labels: string, value: number, t: number) => void;

interface Instance {
  name: string;
  trafficFactor: number;
  latencyFactor: number;
  errorRatio: number;
  lagSeconds: number;
  memoryGrowthBytesPerSecond: number;
  residentBytes: number;
  heapBytes: number;
  elu: number;
  startedAgoSeconds: number;
  phase: number;
}

interface Route {
  name: string;
  /** Share of an instance's traffic (Zipf-like: a few hot routes, a long tail). */
  share: number;
  medianSeconds: number;
  method: string;
}

/** The instances and routes of a profile, every random choice drawn from its seed. */
function expand(p: FleetProfile): { instances: Instance[]; routes: Route[] } {
  const random = seededRandom(p.seed);
  const weights = Array.from({ length: p.routes }, (_, i) => 1 / (i + 1) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const routes = weights.map((w, i) => ({
    name: fleetRouteName(i),
    share: w / total,
    // 10 ms to 150 ms medians, spread log-uniformly.
    medianSeconds: 0.01 * 15 ** random(),
    method: i % 5 === 4 ? 'POST' : 'GET',
  }));
  const instances = Array.from({ length: p.instances }, (_, i) => {
    const outlier = p.outlier?.instance === i ? p.outlier : undefined;
    return {
      name: fleetInstanceName(i),
      // Load balancers are never exact: ±5% between healthy peers.
      trafficFactor:
        (0.95 + 0.1 * random()) * (p.unevenLoad?.instance === i ? p.unevenLoad.trafficFactor : 1),
      latencyFactor: (0.95 + 0.1 * random()) * (outlier?.latencyFactor ?? 1),
      errorRatio: outlier?.errorRatio ?? 0,
      lagSeconds: outlier?.eventLoopLagP99Seconds ?? 0.01 + 0.004 * random(),
      memoryGrowthBytesPerSecond: outlier?.memoryGrowthBytesPerSecond ?? 0,
      residentBytes: 110e6 + 20e6 * random(),
      heapBytes: 50e6 + 10e6 * random(),
      elu: 0.25 + 0.1 * random(),
      startedAgoSeconds: 3600 * (1 + 48 * random()),
      phase: 2 * Math.PI * random(),
    };
  });
  return { instances, routes };
}

/** Sample times of a window, every `stepSeconds`. */
function times([start, end]: [number, number], stepSeconds: number): number[] {
  const out: number[] = [];
  for (let t = start; t <= end; t += stepSeconds) out.push(t);
  return out;
}

/** Traffic swells and ebbs by ±10% over 10 minutes, each instance in its own phase. */
const traffic = (instance: Instance, t: number) =>
  1 + 0.1 * Math.sin((2 * Math.PI * t) / 600 + instance.phase);

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
}

function writeRequestHistograms(line: Line, p: FleetProfile, fleet: ReturnType<typeof expand>, ts: number[]) {
  const perInstance = p.requestsPerSecondPerInstance ?? 50;
  for (const instance of fleet.instances) {
    for (const [r, route] of fleet.routes.entries()) {
      const base = {
        job: p.job,
        instance: instance.name,
        http_request_method: route.method,
        http_route: route.name,
      };
      const errorRatio =
        instance.errorRatio || (r % BACKGROUND_ERROR_EVERY === 0 ? BACKGROUND_ERROR_RATIO : 0);
      const median = route.medianSeconds * instance.latencyFactor;
      const meanSeconds = median * Math.exp(LATENCY_SIGMA ** 2 / 2);
      const shares = FLEET_DURATION_BUCKETS.map((le) => normalCdf(Math.log(le / median) / LATENCY_SIGMA));
      for (const [status, share] of [
        ['200', 1 - errorRatio],
        ['500', errorRatio],
      ] as const) {
        if (share <= 0) continue;
        const labels = labelText({ ...base, http_response_status_code: status });
        const rate = perInstance * route.share * instance.trafficFactor * share;
        const counts: number[] = [];
        let total = 0;
        for (const [i, t] of ts.entries()) {
          if (i > 0) total += rate * traffic(instance, t) * (t - (ts[i - 1] as number));
          counts.push(total);
        }
        for (const [b, le] of [...FLEET_DURATION_BUCKETS, Infinity].entries()) {
          const bucket = `${labels},le="${le === Infinity ? '+Inf' : le}"`;
          const cumulative = shares[b] ?? 1;
          for (const [i, t] of ts.entries())
            line(`${HTTP_REQUEST_DURATION}_bucket`, bucket, Math.round(counts[i]! * cumulative), t);
        }
        for (const [i, t] of ts.entries())
          line(`${HTTP_REQUEST_DURATION}_count`, labels, Math.round(counts[i]!), t);
        for (const [i, t] of ts.entries())
          line(`${HTTP_REQUEST_DURATION}_sum`, labels, Math.round(counts[i]!) * meanSeconds, t);
      }
    }
  }
}

/** Gauges and counters of one instance's runtime; `value` is called at each sample time. */
type InstanceSeries = [
  name: string,
  extraLabels: Record<string, string>,
  value: (instance: Instance, t: number, elapsed: number, random: () => number) => number,
];

const RUNTIME_FAMILIES: ReadonlyArray<[family: string, type: 'gauge' | 'counter', series: InstanceSeries[]]> =
  [
    [
      'process_start_time_seconds',
      'gauge',
      [['process_start_time_seconds', {}, (i, t, e) => t - e - i.startedAgoSeconds]],
    ],
    [
      'process_resident_memory_bytes',
      'gauge',
      [
        [
          'process_resident_memory_bytes',
          {},
          (i, _t, e, r) => i.residentBytes + i.memoryGrowthBytesPerSecond * e + 2e6 * r(),
        ],
      ],
    ],
    ['process_cpu_seconds', 'counter', [['process_cpu_seconds_total', {}, (i, _t, e) => i.elu * e]]],
    [
      'nodejs_eventloop_lag_p99_seconds',
      'gauge',
      [['nodejs_eventloop_lag_p99_seconds', {}, (i, _t, _e, r) => i.lagSeconds * (0.9 + 0.2 * r())]],
    ],
    [
      'perflens_nodejs_eventloop_utilization',
      'gauge',
      [['perflens_nodejs_eventloop_utilization', {}, (i, _t, _e, r) => i.elu * (0.9 + 0.2 * r())]],
    ],
    [
      'nodejs_heap_space_size_used_bytes',
      'gauge',
      [
        [
          'nodejs_heap_space_size_used_bytes',
          { space: 'old' },
          (i, _t, e) => i.heapBytes + i.memoryGrowthBytesPerSecond * e * 0.8,
        ],
        ['nodejs_heap_space_size_used_bytes', { space: 'new' }, (_i, _t, _e, r) => 4e6 + 8e6 * r()],
      ],
    ],
    ['nodejs_external_memory_bytes', 'gauge', [['nodejs_external_memory_bytes', {}, () => 5e6]]],
    [
      'db_client_connection_count',
      'gauge',
      [
        [
          'db_client_connection_count',
          { db_client_connection_pool_name: 'default', db_client_connection_state: 'used' },
          (_i, _t, _e, r) => Math.round(2 + 3 * r()),
        ],
        [
          'db_client_connection_count',
          { db_client_connection_pool_name: 'default', db_client_connection_state: 'idle' },
          (_i, _t, _e, r) => Math.round(3 + 3 * r()),
        ],
      ],
    ],
    [
      'db_client_connection_max',
      'gauge',
      [['db_client_connection_max', { db_client_connection_pool_name: 'default' }, () => 10]],
    ],
    [
      'db_client_connection_pending_requests',
      'gauge',
      [['db_client_connection_pending_requests', { db_client_connection_pool_name: 'default' }, () => 0]],
    ],
  ];

/**
 * Writes the OpenMetrics text of every fleet over `window` (unix seconds), one sample every `stepSeconds`,
 * through `write` in chunks: families grouped as the format requires, each series' samples in time order
 * (promtool tsdb create-blocks-from openmetrics). Several fleets share one file by their `job`.
 */
export function writeFleetOpenMetrics(
  write: (chunk: string) => void,
  fleets: readonly FleetProfile[],
  window: [number, number],
  stepSeconds = 30,
): void {
  const ts = times(window, stepSeconds);
  const expanded = fleets.map((p) => ({ p, fleet: expand(p) }));
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length > 0) write(`${buffer.join('\n')}\n`);
    buffer = [];
  };
  const line: Line = (name, labels, value, t) => {
    buffer.push(`${name}{${labels}} ${Number(value.toPrecision(12))} ${t}`);
    if (buffer.length >= 20_000) flush();
  };
  buffer.push(`# TYPE ${HTTP_REQUEST_DURATION} histogram`);
  for (const { p, fleet } of expanded) writeRequestHistograms(line, p, fleet, ts);
  for (const [family, type, series] of RUNTIME_FAMILIES) {
    buffer.push(`# TYPE ${family} ${type}`);
    for (const { p, fleet } of expanded) {
      // One stream per fleet and family: adding a family never changes another family's numbers.
      const random = seededRandom(p.seed ^ family.length);
      for (const instance of fleet.instances) {
        for (const [name, extra, value] of series) {
          const labels = labelText({ job: p.job, instance: instance.name, ...extra });
          for (const t of ts) line(name, labels, value(instance, t, t - window[0], random), t);
        }
      }
    }
  }
  buffer.push('# EOF');
  flush();
}

/** {@link writeFleetOpenMetrics} into a file, without holding the text in memory; returns its size in bytes. */
export function writeFleetOpenMetricsFile(
  file: string,
  fleets: readonly FleetProfile[],
  window: [number, number],
  stepSeconds = 30,
): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    writeFleetOpenMetrics(
      (chunk) => {
        bytes += writeSync(fd, chunk);
      },
      fleets,
      window,
      stepSeconds,
    );
  } finally {
    closeSync(fd);
  }
  return bytes;
}

import { selector } from '../shared/conventions.ts';

/**
 * Memory-leak detection for the soak test: after the run, ask Prometheus how fast the service's memory grew
 * during the steady part of the test. `deriv()` fits a least-squares line through the samples (Prometheus docs,
 * "Query functions: deriv"), so garbage-collection sawtooth averages out where a first-versus-last
 * difference would not.
 */

/** Series the exporter produces (prom-client's default process and Node.js metrics). */
export const MEMORY_SERIES = {
  rss: 'process_resident_memory_bytes',
  heap: 'nodejs_heap_size_used_bytes',
} as const;

export type MemoryKind = keyof typeof MEMORY_SERIES;

export interface MemoryQuery {
  kind: MemoryKind;
  /** PromQL evaluated at `time`: growth in bytes per second over the window. */
  promql: string;
  /** Evaluation instant, Unix seconds. */
  time: number;
}

/** Queries over the window [end - windowSeconds, end] for the service's Prometheus job. */
export function memoryGrowthQueries(
  job: string,
  windowSeconds: number,
  endUnixSeconds: number,
): MemoryQuery[] {
  return (Object.keys(MEMORY_SERIES) as MemoryKind[]).map((kind) => ({
    kind,
    promql: `deriv(${selector(MEMORY_SERIES[kind], { job })}[${Math.round(windowSeconds)}s])`,
    time: Math.round(endUnixSeconds),
  }));
}

/** The verdict for one memory series kind. */
export interface MemoryGrowth {
  kind: MemoryKind;
  /** Largest growth over the service's instances, bytes per hour; undefined when there was no answer. */
  bytesPerHour?: number;
  withinLimit: boolean;
  /** One line for logs and the report. */
  reason: string;
}

interface VectorAnswer {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: { metric?: Record<string, string>; value?: [number, string] }[] };
}

function megabytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB/h`;
}

/**
 * Judges a Prometheus instant-query answer (`/api/v1/query` JSON). No series is a failure, not a pass:
 * a soak test that cannot see memory has not shown that there is no leak.
 */
export function judgeMemoryGrowth(
  kind: MemoryKind,
  status: number,
  body: string,
  limitBytesPerHour: number,
): MemoryGrowth {
  let answer: VectorAnswer;
  try {
    answer = JSON.parse(body) as VectorAnswer;
  } catch {
    return { kind, withinLimit: false, reason: `${kind}: Prometheus answered ${status} without JSON` };
  }
  if (status !== 200 || answer.status !== 'success') {
    return {
      kind,
      withinLimit: false,
      reason: `${kind}: Prometheus answered ${status}: ${answer.error ?? 'no data'}`,
    };
  }
  const rates = (answer.data?.result ?? [])
    .map((series) => Number(series.value?.[1]))
    .filter((value) => Number.isFinite(value));
  if (rates.length === 0) {
    return { kind, withinLimit: false, reason: `${kind}: no ${MEMORY_SERIES[kind]} series for the service` };
  }
  const bytesPerHour = Math.max(...rates) * 3600;
  const withinLimit = bytesPerHour <= limitBytesPerHour;
  return {
    kind,
    bytesPerHour,
    withinLimit,
    reason: `${kind} grew ${megabytes(bytesPerHour)} (limit ${megabytes(limitBytesPerHour)})`,
  };
}

/**
 * Gauges the soak teardown sets, so the growth reaches the end-of-test summary (teardown results are not
 * passed to handleSummary; metrics are) and, through remote write, Prometheus as `k6_<name>`.
 */
export const MEMORY_GROWTH_GAUGES: Readonly<Record<MemoryKind, string>> = {
  rss: 'soak_rss_growth_bytes_per_hour',
  heap: 'soak_heap_growth_bytes_per_hour',
};

/** Markdown section for the soak report, read from the summary's gauges. */
export function memoryGrowthSection(
  metrics: Readonly<Record<string, { values: Readonly<Record<string, number>> }>>,
  limitBytesPerHour: number,
): string {
  const rows = (Object.keys(MEMORY_GROWTH_GAUGES) as MemoryKind[]).map((kind) => {
    const growth = metrics[MEMORY_GROWTH_GAUGES[kind]]?.values.value;
    if (growth === undefined) return `| ${kind} | not measured | ❌ |`;
    return `| ${kind} | ${megabytes(growth)} | ${growth <= limitBytesPerHour ? '✅' : '❌'} |`;
  });
  return [
    '### Memory growth',
    '',
    `Limit ${megabytes(limitBytesPerHour)} per series (MEMORY_GROWTH_LIMIT_MB_PER_HOUR).`,
    '',
    '| Series | Growth | Result |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * Seconds of the soak plateau to judge: all of it minus a warm-up (a quarter, at most 15 minutes) in which
 * JIT compilation, connection pools and caches legitimately grow memory.
 */
export function steadyWindowSeconds(soakSeconds: number): number {
  return soakSeconds - Math.min(15 * 60, Math.floor(soakSeconds / 4));
}

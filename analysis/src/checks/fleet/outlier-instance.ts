import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding, Evidence } from '../../findings/finding';
import { formatBytes, formatNumber, formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { FleetEvidence, FleetInstanceStats } from '../../sources/fleet-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { median, medianAbsoluteDeviation, modifiedZScore } from './peer-statistics';

export const outlierInstanceCheck: CheckMetadata = {
  id: 'runtime.outlier-instance',
  layer: 'runtime',
  title: 'An instance that behaves unlike its peers',
  whyItMatters:
    'Instances of one service run the same code on the same traffic mix; one that is much slower, fails more, lags or grows its memory while its peers do not has a local cause (a noisy neighbour, a bad host, a stuck process, a leak one request pattern triggers) that the service-wide numbers dilute, and every request the load balancer sends it suffers.',
  scoring:
    'Its share of the fleet’s requests × how far it is from the median (1 − median / value, at most 1) × 100 for latency and errors; × 50 when only the event loop or memory stand out (latent).',
  thresholds:
    'Compared with the median and median absolute deviation across at least fleet.minInstances (3) instances: an outlier has a modified z-score (Iglewicz and Hoaglin) of fleet.outlierScore (3.5) or more and, for p95 latency (all routes together) and mean p99 event-loop lag, at least fleet.outlierFactor (2) times the median; for the 5xx ratio at least fleet.outlierErrorExcessRatio (1 point) above it; for resident memory growth over the range relative to its mean, at least fleet.outlierMemoryGrowthExcessRatio (10 points) above the median, over ranges of runtime.heapGrowthMinRangeSeconds (10 minutes) or more. Instances below api.minRequestsPerSecond are not judged on latency and errors.',
  remedy:
    'Drain the instance from the load balancer and restart or replace it; compare its host, version and start time with a healthy peer’s to find the local cause.',
};

type MeasureName = 'latency' | 'errors' | 'lag' | 'memory';

/** One measure compared across the fleet. */
interface Measure {
  name: MeasureName;
  label: string;
  unit: Evidence['unit'];
  value(i: FleetInstanceStats, minRequestsPerSecond: number): number | undefined;
  query(e: FleetEvidence): string;
  /** The value at which a difference from the median matters, beyond the z-score. */
  limit(center: number, t: ResolvedThresholds['values']['fleet']): number;
  threshold: string;
  format(value: number): string;
}

const judgedTraffic = (i: FleetInstanceStats, min: number) =>
  i.requestsPerSecond !== undefined && i.requestsPerSecond >= min ? i.requestsPerSecond : undefined;

const MEASURES: readonly Measure[] = [
  {
    name: 'latency',
    label: 'p95 latency, all routes',
    unit: 'seconds',
    value: (i, min) => (judgedTraffic(i, min) !== undefined ? i.p95LatencySeconds : undefined),
    query: (e) => e.queries.p95Latency,
    limit: (c, t) => t.outlierFactor * c,
    threshold: 'fleet.outlierFactor',
    format: formatSeconds,
  },
  {
    name: 'errors',
    label: '5xx ratio',
    unit: 'ratio',
    value: (i, min) => {
      const requests = judgedTraffic(i, min);
      return requests === undefined ? undefined : (i.serverErrorsPerSecond ?? 0) / requests;
    },
    query: (e) => `${e.queries.serverErrors} / ${e.queries.requests}`,
    limit: (c, t) => c + t.outlierErrorExcessRatio,
    threshold: 'fleet.outlierErrorExcessRatio',
    format: formatPercent,
  },
  {
    name: 'lag',
    label: 'mean p99 event-loop lag',
    unit: 'seconds',
    value: (i) => i.eventLoopLagP99Seconds,
    query: (e) => e.queries.eventLoopLag,
    limit: (c, t) => t.outlierFactor * c,
    threshold: 'fleet.outlierFactor',
    format: formatSeconds,
  },
  {
    name: 'memory',
    label: 'resident memory growth relative to its mean',
    unit: 'ratio',
    value: (i) =>
      i.residentGrowthBytes !== undefined && i.meanResidentBytes !== undefined && i.meanResidentBytes > 0
        ? i.residentGrowthBytes / i.meanResidentBytes
        : undefined,
    query: (e) => `${e.queries.residentGrowth} / ${e.queries.residentMean}`,
    limit: (c, t) => c + t.outlierMemoryGrowthExcessRatio,
    threshold: 'fleet.outlierMemoryGrowthExcessRatio',
    format: formatPercent,
  },
];

interface Deviation {
  measure: Measure;
  value: number;
  center: number;
  limit: number;
}

/** Instances that stand out from their peers on latency, errors, event-loop lag or memory growth. */
export function findOutlierInstances(
  evidence: FleetEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const fleet = thresholds.values.fleet;
  const minRequests = thresholds.values.api.minRequestsPerSecond;
  const judgeMemory = evidence.rangeSeconds >= thresholds.values.runtime.heapGrowthMinRangeSeconds;
  const deviations = new Map<string, Deviation[]>();
  for (const measure of MEASURES) {
    if (measure.name === 'memory' && !judgeMemory) continue;
    const values = evidence.instances
      .map((i) => ({ instance: i.instance, value: measure.value(i, minRequests) }))
      .filter(
        (v): v is { instance: string; value: number } => v.value !== undefined && Number.isFinite(v.value),
      );
    if (values.length < fleet.minInstances) continue;
    const numbers = values.map((v) => v.value);
    const center = median(numbers);
    const mad = medianAbsoluteDeviation(numbers);
    for (const { instance, value } of values) {
      const limit = measure.limit(center, fleet);
      if (modifiedZScore(value, center, mad) < fleet.outlierScore || value < limit) continue;
      deviations.set(instance, [...(deviations.get(instance) ?? []), { measure, value, center, limit }]);
    }
  }
  const totalRequests = evidence.instances.reduce((sum, i) => sum + (i.requestsPerSecond ?? 0), 0);
  const findings: CheckedFinding[] = [];
  for (const [instance, found] of deviations) {
    const stats = evidence.instances.find((i) => i.instance === instance) as FleetInstanceStats;
    findings.push(outlierFinding(evidence, thresholds, stats, found, totalRequests));
  }
  return findings;
}

function outlierFinding(
  evidence: FleetEvidence,
  thresholds: ResolvedThresholds,
  stats: FleetInstanceStats,
  found: Deviation[],
  totalRequests: number,
): CheckedFinding {
  const peers = evidence.instances.length;
  const share = totalRequests > 0 ? (stats.requestsPerSecond ?? 0) / totalRequests : 1 / peers;
  const servesUsers = found.some((d) => d.measure.name === 'latency' || d.measure.name === 'errors');
  const distance = Math.max(...found.map((d) => clamp01(1 - d.center / d.value)));
  const describe = (d: Deviation) =>
    d.measure.name === 'memory'
      ? `resident memory grew ${d.measure.format(d.value)} of its mean (${formatBytes(stats.residentGrowthBytes ?? 0)}) vs median ${d.measure.format(d.center)}`
      : `${d.measure.label} ${d.measure.format(d.value)} vs median ${d.measure.format(d.center)}${
          d.center > 0 && d.measure.unit === 'seconds' ? ` (${formatNumber(d.value / d.center)}×)` : ''
        }`;
  return makeFinding(outlierInstanceCheck, {
    target: { job: evidence.job, instance: stats.instance },
    severity: servesUsers ? 'warning' : 'info',
    impact: {
      score: share * distance * (servesUsers ? 100 : 50),
      explanation: servesUsers
        ? `${formatPercent(share)} of the fleet’s requests go to an instance that serves them worse than its ${peers - 1} peers.`
        : `Latent: one instance of ${peers} lags or grows while its peers do not; its requests are next.`,
    },
    title: `${stats.instance} is an outlier among ${peers} instances of ${evidence.job}: ${found.map(describe).join('; ')}`,
    evidence: found.map((d) => ({
      label: d.measure.label,
      query: d.measure.query(evidence),
      value: d.value,
      unit: d.measure.unit,
      threshold: d.limit,
      thresholdSource: thresholdSource(thresholds, d.measure.threshold),
    })),
    recommendations: [
      {
        kind: 'guidance',
        action: `Drain ${stats.instance} from the load balancer (or mark it unready) and restart or replace it. Before that, compare it with a healthy peer: its host (CPU steal, noisy neighbours, disk), its version and start time (process_start_time_seconds), its connection pool, and take a CPU profile or heap snapshot if the event loop or memory stand out.`,
        expectedEffect: `Its ${formatPercent(share)} of the requests served like the rest of the fleet.`,
        effort: 'low',
      },
    ],
  });
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding, Evidence } from '../../findings/finding';
import { formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { ApiEvidence } from '../../sources/api-evidence';
import type { RuntimeEvidence, RuntimeInstanceStats } from '../../sources/runtime-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';
import { type BlockingRoute, findBlockingRoute } from './blocking-route';

export const eventLoopSaturationCheck: CheckMetadata = {
  id: 'runtime.event-loop-saturation',
  layer: 'runtime',
  title: 'Event-loop saturation',
  whyItMatters:
    'A Node.js process runs JavaScript on one thread: when the event loop is busy nearly all the time, or blocked for long stretches, every request waits in line, whatever the database does.',
  scoring:
    'Share of the service’s instances this one is × how far past saturation it is (utilisation excess over the remaining headroom, or the share of the range the p99 lag spent above its threshold) × 100.',
  thresholds:
    'Mean utilisation at runtime.eventLoopUtilizationRatio (0.9; Node.js docs, "performance.eventLoopUtilization"), or a p99 lag above runtime.eventLoopLagP99Seconds (100 ms) for at least runtime.eventLoopLaggingTimeRatio (5%) of the range: peaks, measured per scrape interval, so a load test shorter than the range still counts. Critical when the peak lag reaches 5 × the threshold and the loop lagged a quarter of the range. Names the blocking route from perflens_http_route_blocking_seconds_total (each route’s synchronous time on the loop): the one whose calls hold the loop past the lag threshold, else the one holding 40% of the loop’s busy time. Without that counter, the route spending 40% of all routes’ time outside the database, unless that time exceeds 1.5 × the loop’s busy time (then it is waiting, not computing).',
  remedy:
    'Move CPU-heavy work (JSON of large payloads, crypto, templating, computations) to worker threads or out of the request path, or add instances.',
};

/** Instances whose event loop is busy nearly all the time, or lagged for a sustained part of the range. */
export function findEventLoopSaturation(
  evidence: RuntimeEvidence,
  thresholds: ResolvedThresholds,
  api?: ApiEvidence,
): CheckedFinding[] {
  const { eventLoopUtilizationRatio: eluLimit, eventLoopLagP99Seconds: lagLimit } = thresholds.values.runtime;
  const laggingLimit = thresholds.values.runtime.eventLoopLaggingTimeRatio;
  const findings: CheckedFinding[] = [];
  const instanceShare = evidence.instances.length > 0 ? 1 / evidence.instances.length : 0;
  for (const instance of evidence.instances) {
    const elu = instance.eventLoopUtilizationRatio ?? 0;
    const lagPeak = instance.eventLoopLagP99PeakSeconds ?? 0;
    const lagging = instance.eventLoopLaggingRatio ?? 0;
    const busy = elu >= eluLimit;
    const blocked = lagPeak >= lagLimit && lagging >= laggingLimit;
    if (!busy && !blocked) continue;
    const magnitude = clamp01(Math.max((elu - eluLimit) / (1 - eluLimit), lagging));
    const blocker = findBlockingRoute({ runtime: evidence, instance, api, lagLimitSeconds: lagLimit });
    const state = blocked
      ? `p99 lag above ${formatSeconds(lagLimit)} for ${formatPercent(lagging)} of the range (peak ${formatSeconds(lagPeak)}), busy ${formatPercent(elu)} on average`
      : `busy ${formatPercent(elu)} of the time, p99 lag peak ${formatSeconds(lagPeak)}`;
    const blockerText = blocker ? `; ${blockerSentence(blocker)}` : '';
    findings.push(
      makeFinding(eventLoopSaturationCheck, {
        target: { instance: instance.instance },
        severity: lagPeak >= 5 * lagLimit && lagging >= 0.25 ? 'critical' : 'warning',
        impact: {
          score: instanceShare * Math.max(magnitude, 0.1) * 100,
          explanation: `Every request on ${instance.instance} (${formatPercent(instanceShare)} of the instances) queues behind an event loop ${state}.`,
        },
        title: `${instance.instance}: event loop ${state}${blockerText}`,
        evidence: [
          ...loopEvidence(evidence, instance, thresholds),
          ...(blocker ? blockerEvidence(blocker) : []),
        ],
        recommendations: [
          {
            kind: 'guidance',
            action: blocker
              ? `Profile ${blocker.name} under load (node --cpu-prof, or clinic flame) and move its synchronous work to worker_threads or out of the request path; add instances (cluster mode) meanwhile.`
              : 'Profile under load (node --cpu-prof, or clinic flame) and move the hottest synchronous work to worker_threads or a queue; add instances (cluster mode) meanwhile.',
            expectedEffect:
              'A loop that is never blocked for long removes the queueing delay that every request on this instance pays.',
            effort: 'medium',
          },
        ],
      }),
    );
  }
  return findings;
}

function loopEvidence(
  evidence: RuntimeEvidence,
  instance: RuntimeInstanceStats,
  thresholds: ResolvedThresholds,
): Evidence[] {
  const { eventLoopUtilizationRatio: eluLimit, eventLoopLagP99Seconds: lagLimit } = thresholds.values.runtime;
  return [
    {
      label: 'event-loop utilisation (mean)',
      query: evidence.queries.eventLoopUtilization,
      value: instance.eventLoopUtilizationRatio ?? 0,
      unit: 'ratio',
      threshold: eluLimit,
      thresholdSource: thresholdSource(thresholds, 'runtime.eventLoopUtilizationRatio'),
    },
    ...(instance.eventLoopUtilizationPeakRatio !== undefined
      ? [
          {
            label: 'event-loop utilisation (peak scrape interval)',
            query: evidence.queries.eventLoopUtilizationPeak,
            value: instance.eventLoopUtilizationPeakRatio,
            unit: 'ratio' as const,
          },
        ]
      : []),
    {
      label: 'event-loop lag p99 (peak scrape interval)',
      query: evidence.queries.eventLoopLagPeak,
      value: instance.eventLoopLagP99PeakSeconds ?? 0,
      unit: 'seconds',
      threshold: lagLimit,
      thresholdSource: thresholdSource(thresholds, 'runtime.eventLoopLagP99Seconds'),
    },
    {
      label: `share of the range with the p99 lag above ${formatSeconds(lagLimit)}`,
      query: evidence.queries.eventLoopLagging,
      value: instance.eventLoopLaggingRatio ?? 0,
      unit: 'ratio',
      threshold: thresholds.values.runtime.eventLoopLaggingTimeRatio,
      thresholdSource: thresholdSource(thresholds, 'runtime.eventLoopLaggingTimeRatio'),
    },
    ...(instance.cpuSecondsPerSecond !== undefined
      ? [
          {
            label: 'CPU seconds per second',
            query: evidence.queries.cpu,
            value: instance.cpuSecondsPerSecond,
            unit: 'per_second' as const,
          },
        ]
      : []),
  ];
}

/** "POST /auth/login blocks the event loop for 180 ms per call, 74% of its utilisation" */
function blockerSentence(blocker: BlockingRoute): string {
  if (blocker.kind === 'inferred') {
    return `${blocker.name} spends ${formatPercent(blocker.share)} of the service’s time outside the database`;
  }
  const share =
    blocker.utilizationShare === undefined
      ? ''
      : `, ${formatPercent(blocker.utilizationShare)} of its utilisation`;
  return `${blocker.name} blocks the event loop for ${formatSeconds(blocker.secondsPerCall)} per call${share}`;
}

function blockerEvidence(blocker: BlockingRoute): Evidence[] {
  if (blocker.kind === 'inferred') {
    return [
      {
        label: `${blocker.name}: seconds per second outside the database (${formatPercent(blocker.share)} of all routes’)`,
        query: blocker.query,
        value: blocker.outsideDatabaseSecondsPerSecond,
        unit: 'per_second',
      },
    ];
  }
  return [
    {
      label: `${blocker.name}: synchronous time on the event loop per call`,
      query: blocker.queries.perCall,
      value: blocker.secondsPerCall,
      unit: 'seconds',
    },
    ...(blocker.utilizationShare !== undefined
      ? [
          {
            label: `${blocker.name}: share of the event loop’s busy time`,
            query: blocker.queries.utilizationShare,
            value: blocker.utilizationShare,
            unit: 'ratio' as const,
          },
        ]
      : []),
  ];
}

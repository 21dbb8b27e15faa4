import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatPercent, formatSeconds } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { RuntimeEvidence } from '../../sources/runtime-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const eventLoopSaturationCheck: CheckMetadata = {
  id: 'runtime.event-loop-saturation',
  layer: 'runtime',
  title: 'Event-loop saturation',
  whyItMatters:
    'A Node.js process runs JavaScript on one thread: when the event loop is busy nearly all the time, every request waits in line, whatever the database does.',
  scoring:
    'Share of the service’s instances this one is × how far past saturation it is (utilisation excess over the remaining headroom, or p99 lag / 5 × threshold) × 100.',
  thresholds:
    'runtime.eventLoopUtilizationRatio (0.9; Node.js docs, "performance.eventLoopUtilization") or runtime.eventLoopLagP99Seconds (100 ms). Critical at 5 × the lag threshold.',
  remedy:
    'Move CPU-heavy work (JSON of large payloads, crypto, templating) to worker threads or out of the request path, or add instances.',
};

/** Instances whose event loop is busy nearly all the time, or lags. */
export function findEventLoopSaturation(
  evidence: RuntimeEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const { eventLoopUtilizationRatio: eluLimit, eventLoopLagP99Seconds: lagLimit } = thresholds.values.runtime;
  const findings: CheckedFinding[] = [];
  const instanceShare = evidence.instances.length > 0 ? 1 / evidence.instances.length : 0;
  for (const instance of evidence.instances) {
    const elu = instance.eventLoopUtilizationRatio ?? 0;
    const lag = instance.eventLoopLagP99Seconds ?? 0;
    if (elu < eluLimit && lag < lagLimit) continue;
    const magnitude = clamp01(Math.max((elu - eluLimit) / (1 - eluLimit), lag / (5 * lagLimit)));
    findings.push(
      makeFinding(eventLoopSaturationCheck, {
        target: { instance: instance.instance },
        severity: lag >= 5 * lagLimit ? 'critical' : 'warning',
        impact: {
          score: instanceShare * Math.max(magnitude, 0.1) * 100,
          explanation: `Every request on ${instance.instance} (${formatPercent(instanceShare)} of the instances) queues behind an event loop busy ${formatPercent(elu)} of the time with a p99 lag of ${formatSeconds(lag)}.`,
        },
        title: `${instance.instance}: event loop busy ${formatPercent(elu)} of the time, p99 lag ${formatSeconds(lag)}`,
        evidence: [
          {
            label: 'event-loop utilisation',
            query: evidence.queries.eventLoopUtilization,
            value: elu,
            unit: 'ratio',
            threshold: eluLimit,
            thresholdSource: thresholdSource(thresholds, 'runtime.eventLoopUtilizationRatio'),
          },
          {
            label: 'event-loop lag p99',
            query: evidence.queries.eventLoopLag,
            value: lag,
            unit: 'seconds',
            threshold: lagLimit,
            thresholdSource: thresholdSource(thresholds, 'runtime.eventLoopLagP99Seconds'),
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
        ],
        recommendations: [
          {
            kind: 'guidance',
            action:
              'Profile under load (node --cpu-prof, or clinic flame) and move the hottest synchronous work to worker_threads or a queue; add instances (cluster mode) meanwhile.',
            expectedEffect:
              'Utilisation back under the threshold removes the queueing delay that every request on this instance pays.',
            effort: 'medium',
          },
        ],
      }),
    );
  }
  return findings;
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatPercent } from '../../findings/format-values';
import { makeFinding } from '../../findings/make-finding';
import { criticalRatioAbove, severityAbove } from '../../findings/severity-bands';
import type { RuntimeEvidence } from '../../sources/runtime-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const gcPressureCheck: CheckMetadata = {
  id: 'runtime.gc-pressure',
  layer: 'runtime',
  title: 'Garbage-collection pressure',
  whyItMatters:
    'Time in garbage collection pauses JavaScript: requests on the instance stall for that share of the time.',
  scoring: 'Share of instances × share of time spent in GC × 100.',
  thresholds:
    'runtime.gcTimeRatio (10%) of wall time in GC (rate of nodejs_gc_duration_seconds_sum); critical three quarters of the way from there to 100%.',
  remedy:
    'Allocate less per request (stream large payloads, reuse buffers) or give the heap room (--max-old-space-size).',
};

/** Instances that spend a large share of their time collecting garbage. */
export function findGcPressure(evidence: RuntimeEvidence, thresholds: ResolvedThresholds): CheckedFinding[] {
  const limit = thresholds.values.runtime.gcTimeRatio;
  const instanceShare = evidence.instances.length > 0 ? 1 / evidence.instances.length : 0;
  const findings: CheckedFinding[] = [];
  for (const instance of evidence.instances) {
    const ratio = instance.gcTimeRatio;
    if (ratio === undefined) continue;
    const severity = severityAbove(ratio, limit, criticalRatioAbove(limit));
    if (!severity) continue;
    findings.push(
      makeFinding(gcPressureCheck, {
        target: { instance: instance.instance },
        severity,
        impact: {
          score: instanceShare * ratio * 100,
          explanation: `${instance.instance} (${formatPercent(instanceShare)} of the instances) is paused for GC ${formatPercent(ratio)} of the time.`,
        },
        title: `${instance.instance}: ${formatPercent(ratio)} of the time in garbage collection`,
        evidence: [
          {
            label: 'share of time in GC',
            query: evidence.queries.gcTime,
            value: ratio,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'runtime.gcTimeRatio'),
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action:
              'Find the allocation hot spots (node --heap-prof, or clinic heapprofiler) and stream or paginate large payloads; if the heap is near its limit, raise --max-old-space-size.',
            expectedEffect: `Up to ${formatPercent(ratio)} of the instance’s time back for requests.`,
            effort: 'medium',
            config: 'NODE_OPTIONS="--max-old-space-size=2048"',
          },
        ],
      }),
    );
  }
  return findings;
}

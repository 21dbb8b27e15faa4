import type { CheckMetadata } from '../../findings/check-definition';
import type { Finding } from '../../findings/finding';
import { formatBytes, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { RuntimeEvidence } from '../../sources/runtime-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const memoryGrowthCheck: CheckMetadata = {
  id: 'runtime.memory-growth',
  layer: 'runtime',
  title: 'Memory growth that looks like a leak',
  whyItMatters:
    'A heap that keeps growing under steady load ends in longer GC pauses and then an out-of-memory crash that drops every in-flight request.',
  scoring: 'Latent: share of instances × (growth / mean heap, at most 1) × 50.',
  thresholds:
    'runtime.heapGrowthRatio (20%) heap growth over the range, from a least-squares fit (PromQL deriv) relative to the mean heap. Only judged over ranges of 10 minutes or more; a soak test is the reliable way to confirm.',
  remedy:
    'Take two heap snapshots some minutes apart under load and compare the retained objects (unbounded caches, listeners, closures).',
};

/** Below this the fit sees GC cycles, not a trend. */
export const MIN_LEAK_RANGE_SECONDS = 600;

/** Instances whose heap grew by more than the threshold over the analysed range. */
export function findMemoryGrowth(evidence: RuntimeEvidence, thresholds: ResolvedThresholds): Finding[] {
  if (evidence.rangeSeconds < MIN_LEAK_RANGE_SECONDS) return [];
  const limit = thresholds.values.runtime.heapGrowthRatio;
  const instanceShare = evidence.instances.length > 0 ? 1 / evidence.instances.length : 0;
  const findings: Finding[] = [];
  for (const instance of evidence.instances) {
    const growth = instance.heapGrowthBytes;
    const mean = instance.meanHeapUsedBytes;
    if (growth === undefined || mean === undefined || mean <= 0) continue;
    const ratio = growth / mean;
    if (ratio < limit) continue;
    const perHour = (growth / evidence.rangeSeconds) * 3600;
    findings.push(
      makeFinding(memoryGrowthCheck, {
        target: { instance: instance.instance },
        severity: 'warning',
        impact: {
          score: instanceShare * clamp01(ratio) * 50,
          explanation: `Latent risk on ${formatPercent(instanceShare)} of the instances: the heap grew ${formatPercent(ratio)} of its mean size within the range.`,
        },
        title: `${instance.instance}: heap grew ${formatBytes(growth)} (${formatPercent(ratio)}) in the range, ${formatBytes(perHour)} per hour`,
        evidence: [
          {
            label: 'heap growth relative to mean heap',
            query: `${evidence.queries.heapGrowth} / ${evidence.queries.heapMean}`,
            value: ratio,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'runtime.heapGrowthRatio'),
          },
          { label: 'heap growth', query: evidence.queries.heapGrowth, value: growth, unit: 'bytes' },
        ],
        recommendations: [
          {
            action:
              'Compare two heap snapshots taken minutes apart under load (node --heapsnapshot-signal=SIGUSR2, Chrome DevTools "Comparison"); look for unbounded maps, caches and event listeners. Confirm with a k6 soak test.',
            expectedEffect: 'A flat heap under steady load; no restarts by the OOM killer.',
            effort: 'high',
          },
        ],
      }),
    );
  }
  return findings;
}

import type { CheckMetadata } from '../../findings/check-definition';
import type { CheckedFinding } from '../../findings/finding';
import { formatBytes, formatPercent } from '../../findings/format-values';
import { clamp01, makeFinding } from '../../findings/make-finding';
import type { RuntimeEvidence } from '../../sources/runtime-evidence';
import { type ResolvedThresholds, thresholdSource } from '../../thresholds/resolve-thresholds';

export const memoryGrowthCheck: CheckMetadata = {
  id: 'runtime.memory-growth',
  layer: 'runtime',
  title: 'Memory growth that looks like a leak',
  whyItMatters:
    'Memory that keeps growing under steady load (the V8 heap, or Buffers outside it) ends in longer GC pauses and then an out-of-memory crash that drops every in-flight request.',
  scoring: 'Latent: share of instances × (growth / mean retained memory, at most 1) × 50.',
  thresholds:
    'runtime.heapGrowthRatio (20%) growth of the memory retained across garbage collections, V8’s old generation in use plus external memory (nodejs_heap_space_size_used_bytes without the young generation’s spaces, + nodejs_external_memory_bytes), over the range, from a least-squares fit (PromQL deriv), relative to its mean. A process’s first runtime.memoryWarmupSeconds (10 minutes) after start (process_start_time_seconds) are left out: a fresh process fills caches and JIT code, growth that stops. Only judged where runtime.heapGrowthMinRangeSeconds (10 minutes) or more of the range lie after the warm-up, at the growth rate of that part over the whole range; a soak test is the reliable way to confirm.',
  remedy:
    'Take two heap snapshots some minutes apart under load and compare the retained objects (unbounded caches, Buffers, listeners, closures).',
};

/** Instances whose retained memory (old generation and external) grew by more than the threshold over the range. */
export function findMemoryGrowth(
  evidence: RuntimeEvidence,
  thresholds: ResolvedThresholds,
): CheckedFinding[] {
  const { heapGrowthRatio: limit, heapGrowthMinRangeSeconds: minRange } = thresholds.values.runtime;
  if (evidence.rangeSeconds < minRange) return [];
  const instanceShare = evidence.instances.length > 0 ? 1 / evidence.instances.length : 0;
  const findings: CheckedFinding[] = [];
  for (const instance of evidence.instances) {
    const growth = instance.retainedGrowthBytes;
    const mean = instance.meanRetainedBytes;
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
          explanation: `Latent risk on ${formatPercent(instanceShare)} of the instances: the memory they retain (old generation and external) grew ${formatPercent(ratio)} of its mean size within the range.`,
        },
        title: `${instance.instance}: retained memory (old generation + external) grew ${formatBytes(growth)} (${formatPercent(ratio)}) in the range, ${formatBytes(perHour)} per hour`,
        evidence: [
          {
            label: 'retained memory growth relative to its mean',
            query: `(${evidence.queries.retainedGrowth}) / (${evidence.queries.retainedMean})`,
            value: ratio,
            unit: 'ratio',
            threshold: limit,
            thresholdSource: thresholdSource(thresholds, 'runtime.heapGrowthRatio'),
          },
          {
            label: 'retained memory growth',
            query: evidence.queries.retainedGrowth,
            value: growth,
            unit: 'bytes',
          },
        ],
        recommendations: [
          {
            kind: 'guidance',
            action:
              'Compare two heap snapshots taken minutes apart under load (node --heapsnapshot-signal=SIGUSR2, Chrome DevTools "Comparison"); look for unbounded maps, caches (of Buffers too: they count as external memory) and event listeners. Confirm with a k6 soak test.',
            expectedEffect: 'A flat heap under steady load; no restarts by the OOM killer.',
            effort: 'high',
          },
        ],
      }),
    );
  }
  return findings;
}

import { runtimeEvidence, thresholds } from '../../../test/fixtures/in-memory-evidence';
import type { RuntimeInstanceStats } from '../../sources/runtime-evidence';
import { findEventLoopSaturation } from './event-loop-saturation';
import { findGcPressure } from './gc-pressure';
import { findMemoryGrowth } from './memory-growth';

const defaults = thresholds();
const healthy: RuntimeInstanceStats = {
  instance: 'api-1',
  eventLoopUtilizationRatio: 0.3,
  eventLoopLagP99Seconds: 0.012,
  retainedGrowthBytes: 1e6,
  meanRetainedBytes: 50e6,
  gcTimeRatio: 0.01,
};
const titles = (found: { severity: string; title: string }[]) => found.map((f) => [f.severity, f.title]);

describe('runtime.event-loop-saturation', () => {
  it.each([
    [
      'warns at 95% utilisation',
      { eventLoopUtilizationRatio: 0.95 },
      [['warning', 'api-1: event loop busy 95% of the time, p99 lag 12 ms']],
    ],
    [
      'is critical at a p99 lag of 600 ms',
      { eventLoopLagP99Seconds: 0.6 },
      [['critical', 'api-1: event loop busy 30% of the time, p99 lag 600 ms']],
    ],
    ['stays silent on a healthy process', {}, []],
  ])('%s', (_title, overrides, expected) => {
    expect(
      titles(findEventLoopSaturation(runtimeEvidence([{ ...healthy, ...overrides }]), defaults)),
    ).toEqual(expected);
  });
});

describe('runtime.memory-growth', () => {
  it.each([
    [
      'warns when retained memory grew 40% of its mean in 30 minutes',
      runtimeEvidence([{ ...healthy, retainedGrowthBytes: 20e6 }]),
      [
        [
          'warning',
          'api-1: retained memory (old generation + external) grew 19.1 MiB (40%) in the range, 38.1 MiB per hour',
        ],
      ],
    ],
    ['stays silent on flat retained memory', runtimeEvidence([healthy]), []],
    [
      'does not judge ranges shorter than 10 minutes',
      runtimeEvidence([{ ...healthy, retainedGrowthBytes: 20e6 }], 300),
      [],
    ],
  ])('%s', (_title, evidence, expected) => {
    expect(titles(findMemoryGrowth(evidence, defaults))).toEqual(expected);
  });

  it('judges shorter ranges when runtime.heapGrowthMinRangeSeconds allows them', () => {
    const short = thresholds({ runtime: { heapGrowthMinRangeSeconds: 60 } });
    expect(
      titles(findMemoryGrowth(runtimeEvidence([{ ...healthy, retainedGrowthBytes: 20e6 }], 300), short)),
    ).toEqual([
      [
        'warning',
        'api-1: retained memory (old generation + external) grew 19.1 MiB (40%) in the range, 228.9 MiB per hour',
      ],
    ]);
  });
});

describe('runtime.gc-pressure', () => {
  it.each([
    ['warns at 15% of the time in GC', 0.15, [['warning', 'api-1: 15% of the time in garbage collection']]],
    ['is critical at 80%', 0.8, [['critical', 'api-1: 80% of the time in garbage collection']]],
    ['stays silent at 1%', 0.01, []],
  ])('%s', (_title, gcTimeRatio, expected) => {
    expect(titles(findGcPressure(runtimeEvidence([{ ...healthy, gcTimeRatio }]), defaults))).toEqual(
      expected,
    );
  });
});

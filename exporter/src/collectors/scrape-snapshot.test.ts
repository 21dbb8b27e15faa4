import { Registry } from 'prom-client';
import { registerCollectorStatusMetrics } from './collector-status-metrics';
import { registerScrapeMetrics, type ScrapeMetric } from './scrape-metric';
import { ScrapeSnapshot } from './scrape-snapshot';

const metrics: ScrapeMetric<{ n: number }>[] = ['a', 'b', 'c'].map((name) => ({
  name: `test_${name}`,
  type: 'gauge',
  help: name,
  labels: [],
  samples: (s, emit) => emit({}, s.n),
}));

function countingCollector(load: (signal: AbortSignal) => Promise<{ n: number }>, timeoutMs = 1000) {
  const registry = new Registry();
  const snapshot = new ScrapeSnapshot('test', load, timeoutMs);
  registerScrapeMetrics(registry, metrics, async () => {
    const outcome = await snapshot.current();
    return outcome.ok ? [outcome.value] : [];
  });
  registerCollectorStatusMetrics(registry, [snapshot]);
  return registry;
}

describe('ScrapeSnapshot', () => {
  it('reads the source once per scrape however many metrics use it, and afresh on the next scrape', async () => {
    let loads = 0;
    const registry = countingCollector(async () => ({ n: ++loads }));
    const first = await registry.metrics();
    const second = await registry.metrics();
    expect(loads).toBe(2);
    expect(first).toContain('test_c 1\n');
    expect(second).toContain('test_a 2\n');
    expect(second).toContain('perflens_exporter_collector_success{collector="test"} 1');
  });

  it('reports a failed load as success 0 and renders the metrics without samples', async () => {
    const registry = countingCollector(async () => {
      throw new Error('connection refused');
    });
    const text = await registry.metrics();
    expect(text).toContain('perflens_exporter_collector_success{collector="test"} 0');
    expect(text.split('\n').filter((l) => l.startsWith('test_'))).toEqual([]);
  });

  it('times out a load that never finishes and aborts its signal with the reason', async () => {
    let abortReason: unknown;
    const snapshot = new ScrapeSnapshot(
      'slow',
      (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => {
            abortReason = signal.reason;
            reject(new Error('released'));
          }),
        ),
      20,
    );
    const outcome = await snapshot.current();
    expect(outcome.ok ? '' : outcome.error.message).toBe('collector slow timed out after 20 ms');
    expect((abortReason as Error).message).toBe('collector slow timed out after 20 ms');
  });
});

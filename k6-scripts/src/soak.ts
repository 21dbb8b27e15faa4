// Soak: the average rate (LOAD_RATE) for hours (SOAK_DURATION, default 2h). Slow degradation shows here:
// memory leaks, growing queues, connection exhaustion (k6 docs, "Soak testing"). After the run, teardown asks
// Prometheus (PROMETHEUS_URL) how fast the service's RSS and heap grew during the steady part and fails a
// check, and so the run, when either grew faster than MEMORY_GROWTH_LIMIT_MB_PER_HOUR (default 50).
import { check } from 'k6';
import http from 'k6/http';
import { Gauge } from 'k6/metrics';
import type { Options } from 'k6/options';
import { requestFromMix } from './shared/endpoint-request.ts';
import { soakScenario } from './shared/load-profiles.ts';
import { loadTestContext } from './shared/test-context.ts';
import { testOptions } from './shared/test-options.ts';
import {
  MEMORY_GROWTH_GAUGES,
  judgeMemoryGrowth,
  memoryGrowthQueries,
  memoryGrowthSection,
  steadyWindowSeconds,
  type MemoryKind,
} from './soak/memory-growth.ts';
import type { SummaryData } from './summary/summary-data.ts';
import { summaryFiles } from './summary/summary-files.ts';

const { config, service, mix } = loadTestContext('soak', __ENV, (file) => open(file));

const growthGauges: Record<MemoryKind, Gauge> = {
  rss: new Gauge(MEMORY_GROWTH_GAUGES.rss),
  heap: new Gauge(MEMORY_GROWTH_GAUGES.heap),
};

export const options: Options = testOptions({
  config,
  service,
  scenario: soakScenario(config),
  extraThresholds: { 'checks{memory:rss}': ['rate==1'], 'checks{memory:heap}': ['rate==1'] },
});

export default function soak(): void {
  requestFromMix(config.baseUrl, mix);
}

export function teardown(): void {
  const prometheusUrl = config.prometheusUrl;
  if (prometheusUrl === undefined) {
    console.warn('soak: PROMETHEUS_URL is not set, so memory growth was not checked');
    return;
  }
  // Teardown starts after the ramp down; the plateau ended that long ago.
  const plateauEnd = Date.now() / 1000 - config.rampSeconds;
  const window = steadyWindowSeconds(config.soakSeconds);
  for (const query of memoryGrowthQueries(service.job, window, plateauEnd)) {
    const response = http.get(
      `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query.promql)}&time=${query.time}`,
      { tags: { name: 'prometheus /api/v1/query' } },
    );
    const body = typeof response.body === 'string' ? response.body : '';
    const growth = judgeMemoryGrowth(query.kind, response.status, body, config.memoryGrowthLimitBytesPerHour);
    if (growth.bytesPerHour !== undefined) growthGauges[query.kind].add(growth.bytesPerHour);
    console.log(`soak: ${growth.reason}`);
    check(
      growth,
      { [`${query.kind} memory growth within limit`]: (g) => g.withinLimit },
      { memory: query.kind },
    );
  }
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryFiles(data, {
    ...config,
    sections: [memoryGrowthSection(data.metrics, config.memoryGrowthLimitBytesPerHour)],
  });
}

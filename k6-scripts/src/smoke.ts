// Smoke test and quick benchmark: a couple of closed-loop VUs (SMOKE_VUS, default 2) for HOLD_DURATION
// (default 30s), with every SLO threshold and no failed check allowed. Run it on every pull request and
// before any bigger test (k6 docs, "Smoke testing"). No think time, so the numbers are a repeatable
// latency/throughput baseline at fixed concurrency.
import type { Options } from 'k6/options';
import { requestFromMix } from './shared/endpoint-request.ts';
import { smokeScenario } from './shared/load-profiles.ts';
import { loadTestContext } from './shared/test-context.ts';
import { testOptions } from './shared/test-options.ts';
import type { SummaryData } from './summary/summary-data.ts';
import { summaryFiles } from './summary/summary-files.ts';

const { config, service, mix } = loadTestContext('smoke', __ENV, (file) => open(file));

export const options: Options = testOptions({
  config,
  service,
  scenario: smokeScenario(config),
  // Checks never fail a run by themselves (k6 docs, "Checks"); a smoke test must not tolerate any.
  extraThresholds: { checks: ['rate==1'] },
});

export default function smoke(): void {
  requestFromMix(config.baseUrl, mix);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryFiles(data, config);
}

// Spike: from the average rate to SPIKE_MULTIPLIER (default 10) times it within seconds, a short peak,
// then back to the average rate to see whether the service recovers (k6 docs, "Spike testing").
// Arrival-rate executor: the load does not fall when the service slows down (an open model).
import type { Options } from 'k6/options';
import { requestFromMix } from './shared/endpoint-request.ts';
import { spikeScenario } from './shared/load-profiles.ts';
import { loadTestContext } from './shared/test-context.ts';
import { testOptions } from './shared/test-options.ts';
import type { SummaryData } from './summary/summary-data.ts';
import { summaryFiles } from './summary/summary-files.ts';

const { config, service, mix } = loadTestContext('spike', __ENV, (file) => open(file));

export const options: Options = testOptions({ config, service, scenario: spikeScenario(config) });

export default function spike(): void {
  requestFromMix(config.baseUrl, mix);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryFiles(data, config);
}

// Stress: STRESS_MULTIPLIER (default 2) times the average rate, held like the average-load test. It shows
// whether the service still meets its SLOs at a peak above the usual load (k6 docs, "Stress testing").
// Arrival-rate executor: the load does not fall when the service slows down (an open model).
import type { Options } from 'k6/options';
import { requestFromMix } from './shared/endpoint-request.ts';
import { stressScenario } from './shared/load-profiles.ts';
import { loadTestContext } from './shared/test-context.ts';
import { testOptions } from './shared/test-options.ts';
import type { SummaryData } from './summary/summary-data.ts';
import { summaryFiles } from './summary/summary-files.ts';

const { config, service, mix } = loadTestContext('stress', __ENV, (file) => open(file));

export const options: Options = testOptions({ config, service, scenario: stressScenario(config) });

export default function stress(): void {
  requestFromMix(config.baseUrl, mix);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryFiles(data, config);
}

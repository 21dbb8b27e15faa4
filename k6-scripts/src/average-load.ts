// Average load: the usual production request rate (LOAD_RATE, default 20 requests/s) ramped over
// RAMP_DURATION and held for HOLD_DURATION (default 10m). It shows how the service behaves on a normal day
// and is the baseline the other tests compare with (k6 docs, "Average-load testing").
// Arrival-rate executor: the load does not fall when the service slows down (an open model).
import type { Options } from 'k6/options';
import { requestFromMix } from './shared/endpoint-request.ts';
import { averageLoadScenario } from './shared/load-profiles.ts';
import { loadTestContext } from './shared/test-context.ts';
import { testOptions } from './shared/test-options.ts';
import type { SummaryData } from './summary/summary-data.ts';
import { summaryFiles } from './summary/summary-files.ts';

const { config, service, mix } = loadTestContext('average-load', __ENV, (file) => open(file));

export const options: Options = testOptions({ config, service, scenario: averageLoadScenario(config) });

export default function averageLoad(): void {
  requestFromMix(config.baseUrl, mix);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryFiles(data, config);
}

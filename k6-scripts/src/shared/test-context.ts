import { SLO_THRESHOLDS } from '../../generated/slo-thresholds.ts';
import { parseEndpointMix, type EndpointMix } from './endpoint-mix.ts';
import { countOnlyServerErrorsAsFailed } from './endpoint-request.ts';
import { readEnvConfig, type EnvConfig, type TestType } from './env-config.ts';
import { serviceSloThresholds } from './slo-thresholds.ts';
import type { ServiceSloThresholds } from './slo-thresholds-file.ts';

/** What every entry script needs in its init context. */
export interface TestContext {
  config: EnvConfig;
  service: ServiceSloThresholds;
  mix: EndpointMix;
}

/**
 * Reads the environment, the service's SLO thresholds and the endpoint mix. `readFile` is the entry script's
 * own `open()`: k6 resolves relative paths from the module that calls it (k6 docs, "import.meta.resolve"),
 * and every entry script, as `.ts` in src/ or bundled in dist/, sits one folder below endpoint-mix.json.
 */
export function loadTestContext(
  testType: TestType,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (file: string) => string,
): TestContext {
  const config = readEnvConfig(testType, env);
  const service = serviceSloThresholds(SLO_THRESHOLDS, config.sloService);
  const mix = parseEndpointMix(readFile(config.endpointMixFile), config.endpointMixFile);
  countOnlyServerErrorsAsFailed();
  return { config, service, mix };
}

import path from 'node:path';
import { loadSloSpec } from '@perflens/alert-rules';

/** Dashboard thresholds taken from the SLO file, the project's single source for them. */
export interface SloThresholds {
  /** The strictest latency SLO threshold (seconds). */
  latencySeconds: number;
  /** Error ratio the strictest availability objective allows (0.001 for 99.9 %). */
  errorRatio: number;
}

const SLO_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'alert-rules', 'slo.yaml');

/** Reads alert-rules/slo.yaml; a change there changes the generated dashboards (and the staleness test says so). */
export function sloThresholds(file = SLO_FILE): SloThresholds {
  const slos = loadSloSpec(file).services.flatMap((service) => service.slos);
  const latencies = slos.flatMap((slo) =>
    slo.kind === 'latency' && slo.thresholdSeconds ? [slo.thresholdSeconds] : [],
  );
  const objectives = slos.filter((slo) => slo.kind === 'availability').map((slo) => slo.objective);
  return {
    latencySeconds: Math.min(...latencies),
    errorRatio: Number((1 - Math.max(...objectives) / 100).toPrecision(6)),
  };
}

import type { SloSpec } from '../spec/slo-spec-schema';

/** One SLO after normalization: ratios instead of percents, the job resolved, defaults applied. */
export interface SloModel {
  /** `<service>-<slo>`, unique in the file. */
  id: string;
  service: string;
  name: string;
  job: string;
  kind: 'availability' | 'latency';
  description: string;
  /** Objective percent as written in the file (99.9). */
  objectivePercent: number;
  /** Objective as a ratio (0.999). */
  objectiveRatio: number;
  /** 1 - objective (0.001). */
  errorBudgetRatio: number;
  /** SLO period, e.g. `30d`. */
  window: string;
  /** Only for latency SLOs: requests slower than this are bad. */
  thresholdSeconds?: number;
  /** Route templates the SLO covers; empty means every route of the job. */
  routes: readonly string[];
  labels: Readonly<Record<string, string>>;
  minRequestRate: number;
}

/** Rounds away binary noise such as 1 - 0.999 = 0.0010000000000000009. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** Normalizes a validated SLO file into one model per SLO, in file order. */
export function buildSloModel(spec: SloSpec): SloModel[] {
  return spec.services.flatMap((service) =>
    service.slos.map((slo) => ({
      id: `${service.name}-${slo.name}`,
      service: service.name,
      name: slo.name,
      job: service.job ?? service.name,
      kind: slo.kind,
      description: slo.description,
      objectivePercent: slo.objective,
      objectiveRatio: clean(slo.objective / 100),
      errorBudgetRatio: clean((100 - slo.objective) / 100),
      window: slo.window,
      ...(slo.kind === 'latency' ? { thresholdSeconds: slo.thresholdSeconds } : {}),
      routes: slo.routes ?? [],
      labels: service.labels,
      minRequestRate: service.minRequestRate,
    })),
  );
}

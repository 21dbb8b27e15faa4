import {
  DEFAULT_PAGE_BURN_RATE,
  DEFAULT_THRESHOLDS,
  HTTP_DURATION_BUCKETS_SECONDS,
  type Thresholds,
} from './default-thresholds';
import type { SloObjective } from './slo-objectives';

/** Threshold overrides from a config file: any subset of {@link Thresholds}. */
export type ThresholdsConfig = { [Layer in keyof Thresholds]?: Partial<Thresholds[Layer]> };

/** A bad thresholds config: names the file and the field. */
export class ThresholdsConfigError extends Error {
  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field}: ${problem}`);
    this.name = 'ThresholdsConfigError';
  }
}

/** A latency or availability objective applied to a route, and where it came from. */
export interface AppliedObjective {
  objectiveRatio: number;
  thresholdSeconds: number;
  pageBurnRate: number;
  /** `slo:<id>`, `config` or `default`. */
  source: string;
}

/** Thresholds after the one resolution step: SLO file, then config, then defaults. */
export interface ResolvedThresholds {
  values: Thresholds;
  /** `config` or `default` for each `layer.name`. */
  sources: Readonly<Record<string, 'config' | 'default'>>;
  /** The SLOs of the analysed job. */
  objectives: readonly SloObjective[];
}

export interface ResolveThresholdsInput {
  job: string;
  slos?: readonly SloObjective[];
  config?: unknown;
  /** Names the config in errors. */
  configFile?: string;
}

/** Merges config over defaults (validating every field) and keeps the job's SLOs. */
export function resolveThresholds(input: ResolveThresholdsInput): ResolvedThresholds {
  const file = input.configFile ?? 'thresholds config';
  const config = (input.config ?? {}) as Record<string, unknown>;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ThresholdsConfigError(file, 'thresholds', 'must be an object of layers');
  }
  const values = structuredClone(DEFAULT_THRESHOLDS) as unknown as Record<string, Record<string, number>>;
  const sources: Record<string, 'config' | 'default'> = {};
  for (const [layer, defaults] of Object.entries(values)) {
    for (const name of Object.keys(defaults)) sources[`${layer}.${name}`] = 'default';
  }
  for (const [layer, overrides] of Object.entries(config)) {
    const defaults = values[layer];
    if (!defaults)
      throw new ThresholdsConfigError(
        file,
        layer,
        `unknown layer; expected one of ${Object.keys(values).join(', ')}`,
      );
    if (typeof overrides !== 'object' || overrides === null)
      throw new ThresholdsConfigError(file, layer, 'must be an object');
    for (const [name, value] of Object.entries(overrides)) {
      const field = `${layer}.${name}`;
      if (!(name in defaults)) throw new ThresholdsConfigError(file, field, 'unknown threshold');
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new ThresholdsConfigError(
          file,
          field,
          `must be a non-negative number, got ${JSON.stringify(value)}`,
        );
      }
      if (name.endsWith('Ratio') && layer !== 'loadTest' && value > 1) {
        throw new ThresholdsConfigError(file, field, `must be a ratio from 0 to 1, got ${value}`);
      }
      defaults[name] = value;
      sources[field] = 'config';
    }
  }
  const thresholds = values as unknown as Thresholds;
  if (
    !(HTTP_DURATION_BUCKETS_SECONDS as readonly number[]).includes(thresholds.api.latencyThresholdSeconds)
  ) {
    throw new ThresholdsConfigError(
      file,
      'api.latencyThresholdSeconds',
      `must be a histogram bucket boundary: one of ${HTTP_DURATION_BUCKETS_SECONDS.join(', ')}`,
    );
  }
  return {
    values: thresholds,
    sources,
    objectives: (input.slos ?? []).filter((slo) => slo.job === input.job),
  };
}

/** `config` or `default` for a threshold, as evidence cites it. */
export function thresholdSource(resolved: ResolvedThresholds, field: string): string {
  return resolved.sources[field] ?? 'default';
}

/** The latency objective of a route: a route-specific SLO, else a job-wide one, else config/defaults. */
export function latencyObjectiveFor(resolved: ResolvedThresholds, route: string): AppliedObjective {
  const latency = resolved.objectives.filter(
    (slo) => slo.kind === 'latency' && slo.thresholdSeconds !== undefined,
  );
  const slo = latency.find((s) => s.routes.includes(route)) ?? latency.find((s) => s.routes.length === 0);
  if (slo) {
    return {
      objectiveRatio: slo.objectiveRatio,
      thresholdSeconds: slo.thresholdSeconds as number,
      pageBurnRate: slo.pageBurnRate,
      source: `slo:${slo.id}`,
    };
  }
  return {
    objectiveRatio: resolved.values.api.latencyObjectiveRatio,
    thresholdSeconds: resolved.values.api.latencyThresholdSeconds,
    pageBurnRate: DEFAULT_PAGE_BURN_RATE,
    source: thresholdSource(resolved, 'api.latencyThresholdSeconds'),
  };
}

/** The availability objective of a route (thresholdSeconds is 0: not a latency objective). */
export function availabilityObjectiveFor(resolved: ResolvedThresholds, route: string): AppliedObjective {
  const availability = resolved.objectives.filter((slo) => slo.kind === 'availability');
  const slo =
    availability.find((s) => s.routes.includes(route)) ?? availability.find((s) => s.routes.length === 0);
  if (slo) {
    return {
      objectiveRatio: slo.objectiveRatio,
      thresholdSeconds: 0,
      pageBurnRate: slo.pageBurnRate,
      source: `slo:${slo.id}`,
    };
  }
  return {
    objectiveRatio: resolved.values.api.availabilityObjectiveRatio,
    thresholdSeconds: 0,
    pageBurnRate: DEFAULT_PAGE_BURN_RATE,
    source: thresholdSource(resolved, 'api.availabilityObjectiveRatio'),
  };
}

/** Every latency threshold any route of the job can be judged against (the `le` buckets to fetch). */
export function latencyThresholdsInUse(resolved: ResolvedThresholds): number[] {
  const all = new Set<number>([resolved.values.api.latencyThresholdSeconds]);
  for (const slo of resolved.objectives)
    if (slo.thresholdSeconds !== undefined) all.add(slo.thresholdSeconds);
  return [...all].sort((a, b) => a - b);
}

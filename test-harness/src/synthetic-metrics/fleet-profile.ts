/**
 * The shape of a simulated fleet: one service (Prometheus `job`) running as many instances, each serving the
 * same routes, and the anomalies a fleet view should find. fleet-simulator.ts turns it into OpenMetrics.
 */

/** One instance that behaves unlike its peers; every field is optional and multiplies or adds to the healthy value. */
export interface OutlierAnomaly {
  /** Index of the instance (0-based). */
  instance: number;
  /** Every route's latency multiplied by this (a noisy neighbour, a slow disk, a bad deploy). */
  latencyFactor?: number;
  /** Share of the instance's requests answered with a 500. */
  errorRatio?: number;
  /** The instance's p99 event-loop lag. */
  eventLoopLagP99Seconds?: number;
  /** Resident memory growth (a leak). */
  memoryGrowthBytesPerSecond?: number;
}

/** One instance receiving a multiple of its peers' traffic (a sticky load balancer, pinned keep-alives). */
export interface UnevenLoadAnomaly {
  instance: number;
  trafficFactor: number;
}

export interface FleetProfile {
  /** Prometheus `job` of the fleet. */
  job: string;
  instances: number;
  routes: number;
  /** Seeds every random choice: the same seed writes the same file. */
  seed: number;
  /** Requests per second one instance serves across all its routes (before uneven load). */
  requestsPerSecondPerInstance?: number;
  outlier?: OutlierAnomaly;
  unevenLoad?: UnevenLoadAnomaly;
}

/** The `instance` label of the i-th instance: `api-007:3000`. */
export function fleetInstanceName(index: number): string {
  return `api-${String(index).padStart(3, '0')}:3000`;
}

/** The route template of the i-th route: `/api/r7/:id`. */
export function fleetRouteName(index: number): string {
  return `/api/r${index}/:id`;
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)); Math.random cannot be seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 erf approximation, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

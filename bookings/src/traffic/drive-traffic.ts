import type { SeedSizes } from '../database/seed-sizes';
import { REQUEST_MIX, type MixEntry } from './request-mix';

/** Traffic shape: the spec's mix scaled to `ratePerSecond`, for a bounded time, on 127.0.0.1 only. */
export interface TrafficOptions {
  baseUrl: string;
  sizes: SeedSizes;
  /** Requests per second over all routes; the mix's own total (30) by default. */
  ratePerSecond?: number;
  durationSeconds: number;
  /** Open requests at most: an arrival beyond it is counted as dropped, not queued in the generator. */
  maxInFlight?: number;
  /** Seed of the generator: the same seed sends the same requests at the same offsets. */
  seed?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
}

/** What the service answered, per route. */
export interface RouteTraffic {
  sent: number;
  /** Answers by status code ("200", "500"...), and "failed" for requests that got no answer. */
  statuses: Record<string, number>;
  /** The slowest answer as the client saw it, queueing included. */
  slowestMs: number;
}

export interface TrafficResult {
  sent: number;
  dropped: number;
  byRoute: Record<string, RouteTraffic>;
}

/**
 * Sends the mix with Poisson arrivals (exponential gaps): with evenly spaced requests no queue would ever
 * form on the lock or the reports pool, which is not how users arrive. Open loop, so a slow service does
 * not slow the arrivals down (up to `maxInFlight`).
 */
export async function driveTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const { hostname } = new URL(options.baseUrl);
  if (hostname !== '127.0.0.1') throw new Error(`traffic only goes to 127.0.0.1, not ${hostname}`);
  const mixTotal = REQUEST_MIX.reduce((sum, entry) => sum + entry.ratePerSecond, 0);
  const rate = options.ratePerSecond ?? mixTotal;
  const maxInFlight = options.maxInFlight ?? 32;
  const random = seededRandom(options.seed ?? 20_261_207);
  const result: TrafficResult = { sent: 0, dropped: 0, byRoute: {} };
  const open = new Set<Promise<void>>();
  const start = Date.now();
  const endMs = options.durationSeconds * 1000;
  let atMs = 0;
  for (;;) {
    atMs += (-Math.log(1 - random()) / rate) * 1000;
    if (atMs >= endMs) break;
    const entry = chooseEntry(random() * mixTotal);
    const request = entry.build(random, options.sizes);
    const wait = start + atMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const route = (result.byRoute[entry.route] ??= { sent: 0, statuses: {}, slowestMs: 0 });
    if (open.size >= maxInFlight) {
      result.dropped++;
      continue;
    }
    result.sent++;
    route.sent++;
    const sentAt = performance.now();
    const sending: Promise<void> = send(options.baseUrl, request, options.timeoutMs ?? 15_000).then(
      (status) => {
        route.statuses[status] = (route.statuses[status] ?? 0) + 1;
        route.slowestMs = Math.max(route.slowestMs, Math.round(performance.now() - sentAt));
        open.delete(sending);
      },
    );
    open.add(sending);
  }
  await Promise.all(open);
  return result;
}

function chooseEntry(point: number): MixEntry {
  let sum = 0;
  for (const entry of REQUEST_MIX) {
    sum += entry.ratePerSecond;
    if (point < sum) return entry;
  }
  return REQUEST_MIX[REQUEST_MIX.length - 1]!;
}

async function send(
  baseUrl: string,
  request: { method: string; path: string; body?: unknown },
  timeoutMs: number,
): Promise<string> {
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      ...(request.body === undefined
        ? {}
        : { body: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return String(response.status);
  } catch {
    return 'failed';
  }
}

/** mulberry32: a small deterministic generator, so every run sends the same requests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

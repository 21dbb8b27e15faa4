export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: how many requests may arrive at once after a quiet period. */
  burst: number;
}

export interface RateLimiterOptions {
  perClient: TokenBucketOptions;
  global: TokenBucketOptions;
  /** Clients remembered at once; the least recently seen are forgotten first, so memory stays bounded. */
  maxTrackedClients: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export type RateDecision =
  { allowed: true } | { allowed: false; scope: 'client' | 'global'; retryAfterSeconds: number };

/**
 * Token buckets per client and one global bucket, the usual shape for public ingestion endpoints
 * (Grafana Alloy's faro.receiver has the global one: rate 50, burst 100). The per-client bucket stops one
 * noisy or hostile client; the global one protects the exporter when many clients flood at once.
 */
export class RateLimiter {
  private readonly clients = new Map<string, Bucket>();
  private readonly global: Bucket;
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.global = { tokens: options.global.burst, updatedMs: this.now() };
  }

  /** Takes one token from the client's bucket and from the global one, or says how long to wait. */
  take(clientKey: string): RateDecision {
    const now = this.now();
    let client = this.clients.get(clientKey);
    if (client === undefined) {
      client = { tokens: this.options.perClient.burst, updatedMs: now };
      if (this.clients.size >= this.options.maxTrackedClients) {
        // Map keeps insertion order and each hit re-inserts, so the first key is the least recently seen.
        this.clients.delete(this.clients.keys().next().value!);
      }
    } else {
      this.clients.delete(clientKey);
    }
    this.clients.set(clientKey, client);
    refill(client, this.options.perClient, now);
    refill(this.global, this.options.global, now);
    if (client.tokens < 1)
      return {
        allowed: false,
        scope: 'client',
        retryAfterSeconds: waitSeconds(client, this.options.perClient),
      };
    if (this.global.tokens < 1)
      return {
        allowed: false,
        scope: 'global',
        retryAfterSeconds: waitSeconds(this.global, this.options.global),
      };
    client.tokens -= 1;
    this.global.tokens -= 1;
    return { allowed: true };
  }

  /** Clients currently remembered (for tests of the memory bound). */
  get trackedClients(): number {
    return this.clients.size;
  }
}

function refill(bucket: Bucket, options: TokenBucketOptions, now: number): void {
  const elapsedSeconds = Math.max(0, now - bucket.updatedMs) / 1000;
  bucket.tokens = Math.min(options.burst, bucket.tokens + elapsedSeconds * options.ratePerSecond);
  bucket.updatedMs = now;
}

/** Whole seconds until one token is back (Retry-After takes integer seconds, RFC 9110 §10.2.3). */
function waitSeconds(bucket: Bucket, options: TokenBucketOptions): number {
  return Math.max(1, Math.ceil((1 - bucket.tokens) / options.ratePerSecond));
}

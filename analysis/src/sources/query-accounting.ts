import type { PromSeries, PrometheusClient } from './prometheus-client';

/** How many queries an analysis issued and how long they took (reported with every analysis). */
export interface QueryStats {
  queryCount: number;
  /** Sum of every query's duration; larger than the wall time because queries run concurrently. */
  queryDurationSeconds: number;
  slowestQuery?: { expr: string; durationSeconds: number };
}

/** A monotonic clock in seconds; performance.now() exists in Node and in browsers. */
export type Clock = () => number;

const performanceClock: Clock = () => performance.now() / 1000;

/** Wraps a client and counts and times every query it forwards. */
export class QueryAccounting implements PrometheusClient {
  private count = 0;
  private totalSeconds = 0;
  private slowest: QueryStats['slowestQuery'];

  constructor(
    private readonly inner: PrometheusClient,
    private readonly clock: Clock = performanceClock,
  ) {}

  async query(expr: string, timeSeconds: number): Promise<PromSeries[]> {
    const started = this.clock();
    this.count += 1;
    try {
      return await this.inner.query(expr, timeSeconds);
    } finally {
      const durationSeconds = this.clock() - started;
      this.totalSeconds += durationSeconds;
      if (!this.slowest || durationSeconds > this.slowest.durationSeconds) {
        this.slowest = { expr, durationSeconds };
      }
    }
  }

  stats(): QueryStats {
    return {
      queryCount: this.count,
      queryDurationSeconds: this.totalSeconds,
      ...(this.slowest ? { slowestQuery: this.slowest } : {}),
    };
  }
}

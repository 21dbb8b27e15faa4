/** What one collector run produced: its value, or the error that stopped it, and how long it took. */
export type SnapshotOutcome<T> =
  { ok: true; value: T; durationSeconds: number } | { ok: false; error: Error; durationSeconds: number };

export type SnapshotLoader<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Reads a collector's data once per scrape. prom-client calls every metric's collect() in the same
 * tick when the registry renders (Registry#metrics maps getMetricsAsString over all metrics), so callers
 * that arrive while a load is in flight join it: N gauges share one read, and the next scrape reads
 * afresh. Values are never cached across scrapes, so what Prometheus sees is what the source said at
 * scrape time. The load is bounded by `timeoutMs`; past it the outcome is an error and the loader's
 * AbortSignal fires so it can release what it holds (a stuck database connection, for example).
 */
export class ScrapeSnapshot<T> {
  private inFlight: Promise<SnapshotOutcome<T>> | undefined;

  constructor(
    readonly collectorName: string,
    private readonly load: SnapshotLoader<T>,
    private readonly timeoutMs: number,
  ) {}

  /** The outcome of the current scrape's load, starting one if none is running. Never rejects. */
  current(): Promise<SnapshotOutcome<T>> {
    if (this.inFlight === undefined) {
      this.inFlight = this.run().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async run(): Promise<SnapshotOutcome<T>> {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`collector ${this.collectorName} timed out after ${this.timeoutMs} ms`);
        // Settle the race first: a loader that rejects synchronously on abort must not win it.
        reject(error);
        controller.abort(error);
      }, this.timeoutMs);
    });
    try {
      const value = await Promise.race([this.load(controller.signal), timeout]);
      return { ok: true, value, durationSeconds: elapsed() };
    } catch (error) {
      return { ok: false, error: asError(error), durationSeconds: elapsed() };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Errors from Node's fs or pg can come from another realm (jest's vm contexts), so duck-type them. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    return Object.assign(new Error((error as Error).message), error);
  }
  return new Error(String(error));
}

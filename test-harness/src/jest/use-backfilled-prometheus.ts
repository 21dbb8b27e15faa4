import type { PrometheusInstance } from '../prometheus/start-prometheus';
import { backfillTsdb, startBackfilledPrometheus } from '../synthetic-metrics/backfilled-prometheus';
import { OpenMetricsWriter } from '../synthetic-metrics/openmetrics-writer';

export interface UseBackfilledPrometheusOptions {
  /** Seconds between the written samples, the scrape interval the fixture pretends (default 15). */
  scrapeIntervalSeconds?: number;
  /** Timeout of the beforeAll that writes, backfills and starts (default 120 s; large fixtures need more). */
  startTimeoutMs?: number;
}

/** Backfilling and startup can take a while on a busy CI machine; generous, since a hang still ends here. */
const DEFAULT_START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * A real Prometheus serving fixture data for the enclosing describe block: in beforeAll, `write` fills an
 * {@link OpenMetricsWriter}, promtool backfills its text into TSDB blocks and Prometheus starts on them; in
 * afterAll, which jest runs even when beforeAll failed, Prometheus stops and the blocks are removed. `write`
 * runs first inside beforeAll, so a precondition it throws on stops the setup before any backfilling.
 * Returns a getter for use inside tests and later hooks.
 */
export function useBackfilledPrometheus(
  write: (writer: OpenMetricsWriter) => void,
  options: UseBackfilledPrometheusOptions = {},
): () => PrometheusInstance {
  const { scrapeIntervalSeconds = 15, startTimeoutMs = DEFAULT_START_TIMEOUT_MS } = options;
  let backfill: ReturnType<typeof backfillTsdb> | undefined;
  let starting: Promise<PrometheusInstance> | undefined;
  let instance: PrometheusInstance | undefined;
  let stopping = false;
  beforeAll(async () => {
    const writer = new OpenMetricsWriter(scrapeIntervalSeconds);
    write(writer);
    backfill = backfillTsdb(writer.render());
    starting = startBackfilledPrometheus(backfill.blocksDir);
    instance = await starting;
  }, startTimeoutMs);
  afterAll(async () => {
    // After a beforeAll timeout, beforeAll still sets the instance once Prometheus is up: never hand it out.
    stopping = true;
    try {
      // Awaiting the start too: after a beforeAll timeout Prometheus may still come up, and must be stopped.
      const started = await starting?.catch(() => undefined);
      await started?.stop();
    } finally {
      backfill?.remove();
    }
  }, STOP_TIMEOUT_MS);
  return () => {
    if (instance === undefined || stopping)
      throw new Error(
        'the backfilled Prometheus is not running: use it in tests or hooks between beforeAll and afterAll (did beforeAll fail?)',
      );
    return instance;
  };
}
